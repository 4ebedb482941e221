package org.ioptstress.stress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Set;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

/**
 * Golden files for the JSON documents the project writes (src/test/resources/golden): a document built from fixed
 * input is compared, as a JSON tree, with the committed file after the values that vary from run to run (times,
 * host) are replaced by {@code "<varies>"}. A schema change shows up as a diff of the golden file:
 * {@code -Dgolden.update=true} rewrites the files from the current code, to be reviewed and committed with a
 * schema version bump (stress-tests/CAMPAIGN.md, EXPLORE.md).
 */
public final class Golden
{
    private static final String VARIES = "<varies>";

    private Golden()
    {
    }

    /** Asserts that {@code actual} matches golden/{@code name} once the values of {@code varying} keys are masked. */
    public static void assertMatches(final Path actual, final String name, final Set<String> varying) throws IOException
    {
        final JsonElement tree = mask(JsonParser.parseString(Files.readString(actual, StandardCharsets.UTF_8)), varying);
        final String text = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create().toJson(tree) + "\n";
        final Path golden = Paths.get("src", "test", "resources", "golden", name);
        if (Boolean.getBoolean("golden.update"))
        {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, text, StandardCharsets.UTF_8);
        }
        assertThat(golden).as("golden file (create it with -Dgolden.update=true)").exists();
        final JsonElement expected = JsonParser.parseString(Files.readString(golden, StandardCharsets.UTF_8));
        assertThat(tree).as("%s against %s (masked: %s); -Dgolden.update=true rewrites it\n%s", actual, golden, varying, text)
            .isEqualTo(expected);
    }

    private static JsonElement mask(final JsonElement e, final Set<String> varying)
    {
        if (e.isJsonObject())
        {
            for (final Map.Entry<String, JsonElement> m : e.getAsJsonObject().entrySet())
            {
                m.setValue(varying.contains(m.getKey()) ? masked(m.getValue()) : mask(m.getValue(), varying));
            }
        }
        else if (e.isJsonArray())
        {
            final JsonArray a = e.getAsJsonArray();
            for (int i = 0; i < a.size(); i++)
            {
                a.set(i, mask(a.get(i), varying));
            }
        }
        return e;
    }

    /** null stays null (whether a value is there is part of the schema), an array keeps its length. */
    private static JsonElement masked(final JsonElement e)
    {
        if (e.isJsonNull())
        {
            return e;
        }
        if (e.isJsonArray())
        {
            final JsonArray a = new JsonArray();
            e.getAsJsonArray().forEach(x -> a.add(VARIES));
            return a;
        }
        return new JsonPrimitive(VARIES);
    }
}
