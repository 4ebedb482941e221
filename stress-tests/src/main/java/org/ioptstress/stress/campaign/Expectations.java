package org.ioptstress.stress.campaign;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The recorded expectation of each verdict (expected-verdicts.properties at the top of the repository). One
 * entry a line: {@code <design>/<scenario> = <verdicts>  # why}, where {@code design} or {@code scenario} may be
 * {@code *}, and {@code verdicts} is {@code OK}, {@code FAILED}, or {@code OK|FAILED} (a rare outcome a run may
 * or may not sample). The most specific entry wins (design/scenario, then design/*, then *&#47;scenario, then
 * *&#47;*); without one the expectation is OK. The note after {@code #} is the explanation the report shows.
 *
 * <p>The model checker's verdicts are held to the same entries, except where an entry prefixed
 * {@value #MODEL_CHECKER}{@code :} exists ({@code model-checker:v7/unmap-vs-mdev-close = FAILED  # why}): it
 * records, and its note explains, where the two engines are expected to differ.
 */
public final class Expectations
{
    /** One expectation and its explanation. */
    public record Entry(Set<String> verdicts, String note, String key)
    {
        public boolean allows(final String verdict)
        {
            return verdicts.contains(verdict);
        }

        public boolean allows(final Verdict verdict)
        {
            return verdicts.contains(verdict.name());
        }

        public String text()
        {
            return String.join("|", verdicts);
        }
    }

    /** The key prefix of entries that hold only for the model checker. */
    public static final String MODEL_CHECKER = "model-checker";
    private static final Entry DEFAULT = new Entry(Set.of("OK"), "", "(default)");
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    /** The line of each entry, for {@link #check}'s messages. */
    private final Map<String, Integer> lines = new LinkedHashMap<>();
    private final String source;

    private Expectations(final String source)
    {
        this.source = source;
    }

    public static Expectations none()
    {
        return new Expectations("(none)");
    }

    public static Expectations load(final Path file) throws IOException
    {
        final Expectations e = new Expectations(file.toString());
        int n = 0;
        for (final String raw : Files.readAllLines(file, StandardCharsets.UTF_8))
        {
            n++;
            final String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#"))
            {
                continue;
            }
            final int hash = line.indexOf('#');
            final String body = (hash < 0 ? line : line.substring(0, hash)).strip();
            final String note = hash < 0 ? "" : line.substring(hash + 1).strip();
            final int eq = body.indexOf('=');
            if (eq < 0 || body.substring(0, eq).strip().indexOf('/') < 0)
            {
                throw new IllegalArgumentException(file + ":" + n + ": expected '<design>/<scenario> = OK|FAILED', got: " + raw);
            }
            final String key = body.substring(0, eq).strip();
            final int colon = key.indexOf(':');
            if (colon >= 0 && !key.substring(0, colon).equals(MODEL_CHECKER))
            {
                throw new IllegalArgumentException(file + ":" + n + ": the only engine prefix is '" + MODEL_CHECKER + ":', got: " + raw);
            }
            final Set<String> verdicts = new TreeSet<>();
            for (final String v : body.substring(eq + 1).strip().split("\\|"))
            {
                final String verdict = v.strip();
                if (!verdict.equals("OK") && !verdict.equals("FAILED"))
                {
                    throw new IllegalArgumentException(file + ":" + n + ": verdict must be OK, FAILED or OK|FAILED: " + raw);
                }
                verdicts.add(verdict);
            }
            e.entries.put(key, new Entry(verdicts, note, key));
            e.lines.put(key, n);
        }
        return e;
    }

    /**
     * Every entry names a known design and scenario (or {@code *}): a misspelt key would silently never match.
     *
     * @throws IllegalArgumentException {@code <file>:<line>: unknown design 'x'} for the first that does not
     */
    public Expectations check(final java.util.Collection<String> designs, final java.util.Collection<String> scenarios)
    {
        for (final Map.Entry<String, Integer> e : lines.entrySet())
        {
            final String key = e.getKey().startsWith(MODEL_CHECKER + ":") ? e.getKey().substring(MODEL_CHECKER.length() + 1) : e.getKey();
            final int slash = key.indexOf('/');
            final String design = key.substring(0, slash).strip();
            final String scenario = key.substring(slash + 1).strip();
            if (!design.equals("*") && !designs.contains(design))
            {
                throw new IllegalArgumentException(source + ":" + e.getValue() + ": unknown design '" + design
                    + "' (./iopt-stress list)");
            }
            if (!scenario.equals("*") && !scenarios.contains(scenario))
            {
                throw new IllegalArgumentException(source + ":" + e.getValue() + ": unknown scenario '" + scenario
                    + "' (./iopt-stress list)");
            }
        }
        return this;
    }

    /** jcstress's expectation of a pair. */
    public Entry of(final String design, final String scenario)
    {
        return lookup("", design, scenario, DEFAULT);
    }

    /** The model checker's expectation: its own entry if there is one, else jcstress's. */
    public Entry ofModelChecker(final String design, final String scenario)
    {
        return lookup(MODEL_CHECKER + ":", design, scenario, of(design, scenario));
    }

    /** Whether the model checker's expectation of the pair is an entry of its own (a recorded disagreement). */
    public boolean hasModelCheckerEntry(final String design, final String scenario)
    {
        return lookup(MODEL_CHECKER + ":", design, scenario, null) != null;
    }

    private Entry lookup(final String prefix, final String design, final String scenario, final Entry otherwise)
    {
        for (final String key : new String[] {design + "/" + scenario, design + "/*", "*/" + scenario, "*/*"})
        {
            final Entry entry = entries.get(prefix + key);
            if (entry != null)
            {
                return entry;
            }
        }
        return otherwise;
    }

    public String source()
    {
        return source;
    }
}
