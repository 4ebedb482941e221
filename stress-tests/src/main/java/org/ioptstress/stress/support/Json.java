package org.ioptstress.stress.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.ToNumberPolicy;

/**
 * The one JSON stack of the suite (Gson): every document the campaign, the merge, the model checker and the explorer
 * write or read (report.json, units.json, model-check.json, explore.json; schemas in stress-tests/CAMPAIGN.md and
 * EXPLORE.md, pinned by golden files). Records map field by field; a null is written (its absence would be a schema
 * change), text is not HTML-escaped (the reports quote outcomes with {@code <} and {@code =}), and untyped numbers
 * read back as Long when integral, else Double.
 */
public final class Json
{
    public static final Gson GSON = new GsonBuilder()
        .setPrettyPrinting()
        .serializeNulls()
        .disableHtmlEscaping()
        .serializeSpecialFloatingPointValues()
        .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
        .create();

    private Json()
    {
    }

    /** {@code value} as a JSON document, newline-terminated. */
    public static String write(final Object value)
    {
        return GSON.toJson(value) + "\n";
    }

    /** Writes {@code value} to {@code file} atomically (a reader never sees half a document). */
    public static void write(final Path file, final Object value) throws IOException
    {
        final Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, write(value), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A document as {@code type}; objects of an untyped ({@code Object}) field as maps, arrays as lists. */
    public static <T> T read(final String text, final Class<T> type)
    {
        final T value;
        try
        {
            value = GSON.fromJson(text, type);
        }
        catch (final JsonParseException ex)
        {
            throw new IllegalArgumentException("JSON: " + oneLine(ex), ex);
        }
        if (value == null)
        {
            throw new IllegalArgumentException("JSON: empty document");
        }
        return value;
    }

    /** A document as maps (insertion-ordered), lists, strings, Long/Double, Boolean and null. */
    public static Object read(final String text)
    {
        return read(text, Object.class);
    }

    public static <T> T read(final Path file, final Class<T> type) throws IOException
    {
        return read(Files.readString(file, StandardCharsets.UTF_8), type);
    }

    private static String oneLine(final Throwable ex)
    {
        final Throwable cause = ex.getCause() != null && ex.getCause().getMessage() != null ? ex.getCause() : ex;
        return String.valueOf(cause.getMessage()).lines().findFirst().orElse("").replaceFirst("^.*?Exception: ", "");
    }
}
