package org.ioptstress.stress.gen;

import java.io.IOException;
import java.io.Writer;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

import org.ioptstress.design.Designs;
import org.ioptstress.iommufd.Design;
import org.ioptstress.stress.jcstress.Adapters;
import org.ioptstress.stress.scenario.Case;
import org.ioptstress.stress.scenario.Scenario;
import org.ioptstress.stress.scenario.Scenarios;

/**
 * An annotation processor that writes the jcstress tests at build time from {@link Scenarios} and
 * {@link Designs}, in the build's second compile (process-classes), next to jcstress's own processor,
 * which then turns them into test runners and the jar's META-INF/TestList:
 * one outer class per scenario carrying its {@code @Outcome}s (declared once, from {@link Scenario#cases()}),
 * and one nested {@code @JCStressTest} per design that only names the actor methods. jcstress counts only the
 * {@code @Actor} methods a test class declares itself, hence a class per (scenario, design) rather than one
 * parameterised test; a design added to the core registry gets its tests on the next build.
 *
 * <p>It runs once per compile, on the first round, whatever the sources (see stress-tests/pom.xml: the second
 * compile's only source is {@code src/main/jcstress/.../JcstressSuite.java}); it claims no annotation.
 */
@SupportedAnnotationTypes("*")
public final class GenerateJcstressTests extends AbstractProcessor
{
    private boolean done;

    @Override
    public SourceVersion getSupportedSourceVersion()
    {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(final Set<? extends TypeElement> annotations, final RoundEnvironment round)
    {
        if (done || round.processingOver())
        {
            return false;
        }
        done = true;
        try
        {
            generate();
        }
        catch (final IOException | RuntimeException e)
        {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "jcstress test generation failed: " + e);
        }
        return false;
    }

    private void generate() throws IOException
    {
        final Map<String, String> sources = sources();
        for (final Map.Entry<String, String> e : sources.entrySet())
        {
            try (Writer w = processingEnv.getFiler().createSourceFile(e.getKey()).openWriter())
            {
                w.write(e.getValue());
            }
        }
        final int designs = Designs.all().size();
        processingEnv.getMessager().printMessage(Diagnostic.Kind.NOTE, "iopt-stress: generated "
            + sources.size() * designs + " jcstress tests (" + sources.size() + " scenarios x " + designs + " designs)");
    }

    /**
     * Every generated test class, its name and its source, from {@link Scenarios} and the design registry
     * ({@link Designs}) as they are now: one class per scenario, one nested test per registered design.
     */
    public static Map<String, String> sources()
    {
        final List<Design> designs = Designs.all();
        final Set<String> classes = new HashSet<>();
        for (final Design design : designs)
        {
            if (!classes.add(Adapters.nestedClass(design.name())))
            {
                throw new IllegalStateException("two designs map to class " + Adapters.nestedClass(design.name()));
            }
        }
        final Map<String, String> sources = new LinkedHashMap<>();
        for (final Scenario scenario : Scenarios.all())
        {
            sources.put(Adapters.PACKAGE + "." + Adapters.outerClass(scenario), source(scenario, designs));
        }
        return sources;
    }

    static String source(final Scenario s, final List<Design> designs)
    {
        final String outer = Adapters.outerClass(s);
        final StringBuilder sb = new StringBuilder();
        sb.append("package ").append(Adapters.PACKAGE).append(";\n\n");
        sb.append("import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;\n");
        if (s.cases().stream().anyMatch(Case::interesting))
        {
            sb.append("import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;\n");
        }
        sb.append("import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;\n\n");
        sb.append("import org.openjdk.jcstress.annotations.*;\n");
        sb.append("import org.openjdk.jcstress.infra.results.L_Result;\n");
        sb.append("import org.ioptstress.iommufd.Design;\n");
        sb.append("import org.ioptstress.stress.scenario.Scenario;\n\n");
        sb.append("/*\n");
        sb.append(" * GENERATED at build time by ").append(GenerateJcstressTests.class.getName()).append(": do not edit.\n");
        sb.append(" * Race: ").append(s.race()).append(".\n");
        sb.append(" * Defined once in ").append(s.getClass().getName()).append(", run here against every design.\n");
        sb.append(" * Run: ./iopt-stress campaign --scenarios ").append(s.id())
            .append("   (or: java -jar stress-tests/target/jcstress.jar -t ").append(outer).append(")\n");
        sb.append(" */\n");
        if (s.liveness())
        {
            outcome(sb, "TERMINATED", "ACCEPTABLE", s.actorNames().get(0) + " returned while " + s.actorNames().get(1) + " ran");
            outcome(sb, "STALE", "FORBIDDEN", s.actorNames().get(0) + " did not return: a hung task");
            outcome(sb, "ERROR", "FORBIDDEN", s.actorNames().get(0) + " threw, oopsed or was ended by the hung-task detector");
        }
        else
        {
            for (final Case c : s.cases())
            {
                outcome(sb, c.regex(), c.expect(), c.desc());
            }
            sb.append("@Outcome(expect = FORBIDDEN, desc = \"not an outcome the scenario's judgement produces\")\n");
        }
        sb.append("public class ").append(outer).append("\n{\n");
        sb.append("    static final Scenario SCENARIO = org.ioptstress.stress.jcstress.Adapters.scenario(\"")
            .append(s.id()).append("\");\n");
        for (final Design d : designs)
        {
            test(sb, s, outer, d);
        }
        sb.append("}\n");
        return sb.toString();
    }

    private static void test(final StringBuilder sb, final Scenario s, final String outer, final Design d)
    {
        final String cls = Adapters.nestedClass(d.name());
        final String base = s.liveness() ? "Liveness" : s.actors() == 2 ? "Race2" : "Race3";
        sb.append('\n');
        sb.append("    /** ").append(escapeComment(d.name())).append(": ").append(escapeComment(d.summary())).append(" */\n");
        sb.append(s.liveness() ? "    @JCStressTest(Mode.Termination)\n" : "    @JCStressTest\n");
        sb.append("    @JCStressMeta(").append(outer).append(".class)\n");
        sb.append("    @Description(\"").append(escape(s.id() + " on " + d.name())).append("\")\n");
        sb.append("    @State\n");
        sb.append("    public static class ").append(cls).append(" extends org.ioptstress.stress.jcstress.").append(base).append("\n    {\n");
        sb.append("        private static final Design DESIGN = org.ioptstress.stress.jcstress.Adapters.design(\"")
            .append(escape(d.name())).append("\");\n\n");
        sb.append("        public ").append(cls).append("()\n        {\n            super(SCENARIO, DESIGN);\n        }\n");
        for (int i = 0; i < s.actors(); i++)
        {
            final boolean signal = s.liveness() && i == 1;
            sb.append('\n');
            sb.append(signal ? "        @Signal\n" : "        @Actor\n");
            sb.append("        public void ").append(s.actorNames().get(i)).append("()\n        {\n");
            sb.append("            ").append(signal ? "signal()" : "actor" + i + "()").append(";\n        }\n");
        }
        if (!s.liveness())
        {
            sb.append("\n        @Arbiter\n        public void arbiter(final L_Result r)\n        {\n");
            sb.append("            r.r1 = outcome();\n        }\n");
        }
        sb.append("    }\n");
    }

    private static void outcome(final StringBuilder sb, final String id, final String expect, final String desc)
    {
        sb.append("@Outcome(id = \"").append(escape(id)).append("\", expect = ").append(expect)
            .append(", desc = \"").append(escape(desc)).append("\")\n");
    }

    private static String escape(final String s)
    {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String escapeComment(final String s)
    {
        return s.replace("*/", "* /");
    }
}
