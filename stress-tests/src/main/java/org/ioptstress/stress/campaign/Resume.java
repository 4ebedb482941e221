package org.ioptstress.stress.campaign;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.ioptstress.support.Machine;

/**
 * {@code ./iopt-stress campaign --resume DIR}: the units no part of DIR finished, run into {@code DIR/resume-K},
 * then DIR's report from all its parts (through {@link MergedReport}, as a merge writes it).
 */
final class Resume
{
    private Resume()
    {
    }

    /**
     * {@code --resume DIR}: runs the units no part of DIR finished (NOT_RUN, or a harness ERROR) into
     * {@code DIR/resume-K} with the options DIR recorded, then writes DIR's report from all its parts. A DIR without
     * a units.json starts the campaign there (a Kubernetes pod retried after its first attempt died resumes; its
     * first attempt starts).
     */
    static Campaign.Result resume(final Campaign.Options given, final PrintWriter log) throws Merge.Refused, IOException, InterruptedException
    {
        final Path dir = given.resume;
        if (!Progress.exists(dir))
        {
            log.println("iopt-stress campaign: nothing to resume in " + dir + ": starting the campaign there");
            given.out = dir;
            given.resume = null;
            return new Campaign(given).run();
        }
        final List<Part> parts = Part.chain(dir);
        final Progress p0 = parts.get(0).progress();
        final Campaign.Options o = MergedReport.options(p0);
        o.root = given.root;
        o.jar = given.jar;
        o.cpus = given.cpus;
        o.expectations = given.expectations;
        o.quiet = given.quiet;
        o.command = given.command;
        o.costs = "estimates".equals(p0.costs) ? null : Paths.get(p0.costs);
        conflict("--designs", given.designs, new Campaign.Options().designs, o.designs);
        conflict("--scenarios", given.scenarios, new Campaign.Options().scenarios, o.scenarios);
        conflict("--mode", given.mode.id(), new Campaign.Options().mode.id(), o.mode.id());
        conflict("--no-model-check", given.modelCheck, true, o.modelCheck);
        conflict("--mc-invocations", given.modelCheckInvocations, -1, o.modelCheckInvocations);
        conflict("--first-failure-runs", given.firstFailureRuns, 1, o.firstFailureRuns);
        conflict("--shard(s)", given.shardCount, 1, o.shardCount);
        if (given.shardCount > 1 && given.shardIndex != o.shardIndex)
        {
            throw new Merge.Refused("--resume " + dir + " holds shard " + p0.shardName() + ", not " + given.shardIndex + "/" + given.shardCount);
        }
        final String commit = Machine.git(o.root, "unknown", "rev-parse", "HEAD");
        if (!commit.equals(p0.commit) && !"unknown".equals(commit))
        {
            throw new Merge.Refused("--resume " + dir + " was run at commit " + p0.commit + ", this is " + commit);
        }
        final Set<String> done = new TreeSet<>();
        for (final Part p : parts)
        {
            for (final Progress.Entry e : p.progress().units)
            {
                if (e.verdict() == Verdict.NOT_RUN || e.verdict() == Verdict.ERROR)
                {
                    done.remove(e.unit().key());
                }
                else
                {
                    done.add(e.unit().key());
                }
            }
        }
        final Set<String> rest = p0.units.stream().map(e -> e.unit().key()).filter(k -> !done.contains(k))
            .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        if (!rest.isEmpty() && !Stop.requested())
        {
            o.onlyUnits = rest;
            o.out = dir.resolve("resume-" + parts.size());
            final Shard shard = Shard.of(o);
            if (!shard.plan().fingerprint().equals(p0.plan))
            {
                throw new Merge.Refused("--resume " + dir + ": the shard plan is not the one it ran (its --costs " + p0.costs + " changed?)");
            }
            log.println("iopt-stress campaign: resuming " + dir + ": " + rest.size() + " of its " + p0.units.size()
                + " units left, into " + o.out);
            new Campaign(o).run();
        }
        else
        {
            log.println("iopt-stress campaign: " + dir + " has every unit: rewriting its report");
        }
        final Campaign.Result r = MergedReport.build(Part.chain(dir), dir, Merge.expectations(o.root, o.expectations), o.command != null ? o.command
            : "iopt-stress campaign --resume " + dir);
        Merge.summary(r, o, log);
        return r;
    }

    private static void conflict(final String option, final Object given, final Object dflt, final Object recorded) throws Merge.Refused
    {
        if (!given.equals(dflt) && !given.equals(recorded))
        {
            throw new Merge.Refused("--resume: " + option + " " + given + " differs from the run being resumed (" + recorded + ")");
        }
    }
}
