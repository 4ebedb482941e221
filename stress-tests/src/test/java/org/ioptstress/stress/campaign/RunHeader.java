package org.ioptstress.stress.campaign;

import java.util.List;

/** The run section a report renders (commit, machine, duration), filled with placeholders for report tests. */
final class RunHeader
{
    private RunHeader()
    {
    }

    static void fill(final Campaign.Result r)
    {
        for (final String k : List.of("started", "finished", "mode", "command", "commit", "os", "cpuModel", "jdk",
            "jcstress", "expectations"))
        {
            r.run.put(k, "x");
        }
        r.run.put("durationSeconds", "1");
        r.run.put("dirty", "false");
        r.run.put("cpus", "2");
        r.run.put("cpusUsed", "2");
        r.run.put("memoryMiB", "1024");
    }
}
