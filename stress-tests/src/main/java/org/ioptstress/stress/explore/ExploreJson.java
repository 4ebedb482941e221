package org.ioptstress.stress.explore;

import java.io.IOException;
import java.util.List;

import com.google.gson.TypeAdapter;
import com.google.gson.annotations.JsonAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;

/**
 * explore.json (format {@value ExploreReport#FORMAT}, fields in stress-tests/EXPLORE.md) as records, written with
 * Gson ({@code stress.support.Json}) field for field; golden files pin it (ExploreCliTest, ExploreJsonTest).
 */
public record ExploreJson(String format, String command, long seed, long programs, long calls, double seconds,
    double programsPerSecond, String reference, List<DesignRow> designs, List<SplitRow> splits,
    List<Seen> recordedDifferencesSeen, long unexplainedOnCandidates)
{
    /** One explored design and its distinct findings. */
    public record DesignRow(String design, boolean negativeControl, long programs, List<FindingRow> findings)
    {
    }

    /**
     * A finding; {@code minimized} and {@code interleaving} are null when there is none, {@code selftest} is absent
     * until the finding is shrunk and {@code junit} is there for a shrunk sequential finding only.
     */
    public record FindingRow(String oracle, String key, String text, int programsHit, long firstProgram,
        double secondsToFind, List<String> program, List<String> minimized, int minimizedFailingCall,
        double shrinkSeconds, int threads, String interleaving,
        @JsonAdapter(value = AbsentWhenNull.class, nullSafe = false) String selftest,
        @JsonAdapter(value = AbsentWhenNull.class, nullSafe = false) String junit)
    {
    }

    /** Programs on which the designs split into groups that agreed, at the call that split them. */
    public record SplitRow(String groups, String call, long programs, long firstProgram)
    {
    }

    /** A recorded difference (explore-differences.properties) and the programs that showed it. */
    public record Seen(String signature, long programs)
    {
    }

    /** A null string as no key at all (the document writes every other null). */
    static final class AbsentWhenNull extends TypeAdapter<String>
    {
        @Override
        public void write(final JsonWriter out, final String value) throws IOException
        {
            if (value != null)
            {
                out.value(value);
                return;
            }
            /* JsonWriter drops a pending name with its null value when nulls are not serialized */
            final boolean nulls = out.getSerializeNulls();
            out.setSerializeNulls(false);
            out.nullValue();
            out.setSerializeNulls(nulls);
        }

        @Override
        public String read(final JsonReader in) throws IOException
        {
            if (in.peek() == JsonToken.NULL)
            {
                in.nextNull();
                return null;
            }
            return in.nextString();
        }
    }
}
