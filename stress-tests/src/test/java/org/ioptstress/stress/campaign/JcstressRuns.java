package org.ioptstress.stress.campaign;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/** Runs a campaign through the built jcstress.jar, as the integration tests need it. */
final class JcstressRuns
{
    private JcstressRuns()
    {
    }

    static Campaign.Result run(final String name, final Mode mode, final List<String> designs, final List<String> scenarios)
        throws Exception
    {
        final Campaign.Options o = new Campaign.Options();
        o.jar = Paths.get(System.getProperty("jcstress.jar", "target/jcstress.jar"));
        o.out = Paths.get(System.getProperty("it.dir", "target/it")).resolve(name);
        clear(o.out); /* a campaign refuses a non-empty --out: a re-run without clean starts afresh */
        o.root = Path.of("..").toAbsolutePath().normalize();
        o.expectations = o.root.resolve("expected-verdicts.properties");
        o.mode = mode;
        o.designs = designs;
        o.scenarios = scenarios;
        o.command = "mvn verify (" + name + ")";
        return new Campaign(o).run();
    }

    private static void clear(final Path dir) throws java.io.IOException
    {
        if (!java.nio.file.Files.exists(dir))
        {
            return;
        }
        try (java.util.stream.Stream<Path> all = java.nio.file.Files.walk(dir))
        {
            for (final Path p : (Iterable<Path>)all.sorted(java.util.Comparator.reverseOrder())::iterator)
            {
                java.nio.file.Files.delete(p);
            }
        }
    }
}
