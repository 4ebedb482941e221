package org.ioptstress.stress.explore;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The recorded differences (stress-tests/explore-differences.properties): {@code design.oracle.key = reason},
 * {@code *} for any design. A recorded difference is explained behaviour of that design, not a finding; the
 * report counts how often each was seen. Anything not recorded that the oracles flag is a finding.
 */
public final class Differences
{
    private final Map<String, String> reasons = new LinkedHashMap<>();

    public static Differences none()
    {
        return new Differences();
    }

    public static Differences load(final Path file) throws IOException
    {
        final Differences d = new Differences();
        final Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            props.load(r);
        }
        for (final String key : props.stringPropertyNames())
        {
            d.reasons.put(key, props.getProperty(key).trim());
        }
        return d;
    }

    public Differences record(final String signature, final String reason)
    {
        reasons.put(signature, reason);
        return this;
    }

    /** The reason recorded for this signature (exact design or {@code *}), or null. */
    public String reason(final String design, final String oracle, final String key)
    {
        final String exact = reasons.get(Finding.signature(design, oracle, key));
        return exact != null ? exact : reasons.get(Finding.signature("*", oracle, key));
    }

    public Map<String, String> all()
    {
        return reasons;
    }
}
