package org.ioptstress.stress.campaign;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A part of a campaign: a result directory with its units.json. The parts {@link Merge} is given are found
 * ({@link #expand}, {@link #await}), chained with their resume parts ({@link #chain}), checked to belong to one
 * campaign ({@link #check}) and copied ({@link #copyTree}) here.
 */
record Part(Path dir, Progress progress)
{
    /** A result directory as given, or a directory of them (its subdirectories with a units.json, by name). */
    static List<Path> expand(final List<Path> inputs) throws IOException
    {
        final List<Path> all = new ArrayList<>();
        for (final Path in : inputs)
        {
            if (Progress.exists(in) || !Files.isDirectory(in))
            {
                all.add(in);
                continue;
            }
            try (Stream<Path> list = Files.list(in))
            {
                final List<Path> shards = list.filter(Progress::exists).sorted().collect(Collectors.toList());
                all.addAll(shards.isEmpty() ? List.of(in) : shards);
            }
        }
        return all;
    }

    /**
     * {@code --wait S}: until every shard of the campaign has completed (its last part's state), at most S seconds;
     * then what there is (a shard that never reported is not run).
     */
    static List<Path> await(final List<Path> inputs, final long seconds, final PrintWriter log) throws IOException, InterruptedException
    {
        final long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        long nextReport = 0;
        while (true)
        {
            final List<Path> found = expand(inputs).stream().filter(Progress::exists).collect(Collectors.toList());
            int complete = 0;
            int count = -1;
            for (final Path d : found)
            {
                try
                {
                    final List<Part> chain = chain(d);
                    count = chain.get(0).progress().shardCount;
                    complete += Progress.COMPLETE.equals(chain.get(chain.size() - 1).progress().state) ? 1 : 0;
                }
                catch (final Merge.Refused e)
                {
                    /* being written: look again */
                }
            }
            if (count > 0 && complete >= count || System.nanoTime() > deadline)
            {
                return expand(inputs);
            }
            if (System.nanoTime() > nextReport)
            {
                log.println("iopt-stress merge: " + complete + " of " + (count < 0 ? "?" : count) + " shards complete, waiting");
                nextReport = System.nanoTime() + 60_000_000_000L;
            }
            Thread.sleep(10_000);
        }
    }

    /** {@code dir} and its resume parts, in the order they ran. */
    static List<Part> chain(final Path dir) throws Merge.Refused
    {
        final List<Part> parts = new ArrayList<>();
        parts.add(part(dir));
        for (int k = 1; Progress.exists(dir.resolve("resume-" + k)); k++)
        {
            parts.add(part(dir.resolve("resume-" + k)));
        }
        return parts;
    }

    private static Part part(final Path dir) throws Merge.Refused
    {
        try
        {
            return new Part(dir, Progress.read(dir));
        }
        catch (final IllegalArgumentException e)
        {
            throw new Merge.Refused(e.getMessage());
        }
    }

    /** One campaign: the same identity everywhere, each shard once. */
    static void check(final List<List<Part>> chains) throws Merge.Refused
    {
        final Part first = chains.get(0).get(0);
        final Map<Integer, Path> shards = new HashMap<>();
        for (final List<Part> chain : chains)
        {
            for (final Part p : chain)
            {
                final String diff = first.progress().differs(p.progress());
                if (diff != null)
                {
                    throw new Merge.Refused(first.dir() + " and " + p.dir() + " are not shards of one campaign: " + diff);
                }
            }
            final Part head = chain.get(0);
            final Path seen = shards.put(head.progress().shardIndex, head.dir());
            if (seen != null)
            {
                throw new Merge.Refused("shard " + head.progress().shardName() + " given twice: " + seen + " and " + head.dir());
            }
        }
    }

    /** Copies a result directory, without jcstress's java.home shims (symbolic links into the JDK). */
    static void copyTree(final Path from, final Path to) throws IOException
    {
        try (Stream<Path> walk = Files.walk(from))
        {
            for (final Path p : (Iterable<Path>)walk::iterator)
            {
                final Path rel = from.relativize(p);
                if (rel.toString().equals("jvm") || rel.toString().endsWith("/jvm") || Arrays.stream(rel.toString().split("/")).anyMatch("jvm"::equals))
                {
                    continue;
                }
                final Path target = to.resolve(rel.toString());
                if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                {
                    Files.createDirectories(target);
                }
                else if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
