package org.ioptstress.stress.campaign;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The campaign's {@code --out}: created if missing, refused when it cannot be written, when it already holds files
 * (a previous report, or a report of another version: reports are never mixed), and while another campaign writes
 * to it. The claim is a lock file, {@value #LOCK}, created first and locked for the campaign's life; a second
 * campaign pointed at the same directory finds it and stops before writing anything.
 */
public final class OutDir implements AutoCloseable
{
    public static final String LOCK = ".iopt-stress-campaign.lock";
    private static final Pattern SCHEMA = Pattern.compile("\"schema\"\\s*:\\s*\"([^\"]*)\"");

    private final Path lockFile;
    private final FileChannel channel;
    private final FileLock lock;

    private OutDir(final Path lockFile, final FileChannel channel, final FileLock lock)
    {
        this.lockFile = lockFile;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Claims {@code dir} for a campaign writing report {@code schema}.
     *
     * @throws InputError exit 2, one line naming the directory, when it cannot be used
     */
    public static OutDir claim(final Path dir, final String schema)
    {
        try
        {
            Files.createDirectories(dir);
        }
        catch (final IOException ex)
        {
            throw new InputError(Campaign.EXIT_USAGE, "--out " + dir + ": cannot create the directory ("
                + reason(ex) + ")");
        }
        if (!Files.isDirectory(dir) || !Files.isWritable(dir))
        {
            throw new InputError(Campaign.EXIT_USAGE, "--out " + dir + ": not a writable directory");
        }
        final Path lockFile = dir.resolve(LOCK);
        if (Files.exists(lockFile))
        {
            throw new InputError(Campaign.EXIT_USAGE, "--out " + dir + ": another campaign is writing there (" + lockFile
                + " exists" + owner(lockFile) + "); choose another directory");
        }
        try (Stream<Path> entries = Files.list(dir))
        {
            final Path any = entries.findFirst().orElse(null);
            if (any != null)
            {
                throw new InputError(Campaign.EXIT_USAGE, "--out " + dir + ": " + existing(dir, schema)
                    + "; choose an empty or new directory");
            }
        }
        catch (final IOException ex)
        {
            throw new InputError(Campaign.EXIT_USAGE, "--out " + dir + ": cannot list it (" + reason(ex) + ")");
        }
        try
        {
            final FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            final FileLock l;
            try
            {
                l = ch.tryLock();
            }
            catch (final OverlappingFileLockException ex)
            {
                ch.close();
                throw new InputError(Campaign.EXIT_USAGE, "--out " + dir + ": another campaign in this JVM is writing there");
            }
            if (l == null)
            {
                ch.close();
                throw new InputError(Campaign.EXIT_USAGE, "--out " + dir + ": another campaign is writing there");
            }
            ch.write(java.nio.ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)));
            return new OutDir(lockFile, ch, l);
        }
        catch (final FileAlreadyExistsException ex)
        {
            throw new InputError(Campaign.EXIT_USAGE, "--out " + dir + ": another campaign is writing there (" + lockFile + " exists)");
        }
        catch (final AccessDeniedException ex)
        {
            throw new InputError(Campaign.EXIT_USAGE, "--out " + dir + ": not writable (" + reason(ex) + ")");
        }
        catch (final IOException ex)
        {
            throw new InputError(Campaign.EXIT_USAGE, "--out " + dir + ": cannot write there (" + reason(ex) + ")");
        }
    }

    /** What a non-empty directory holds, in words: a report of this version, of another one, or other files. */
    static String existing(final Path dir, final String schema)
    {
        final Path report = dir.resolve("report.json");
        if (Files.isRegularFile(report))
        {
            try
            {
                final Matcher m = SCHEMA.matcher(Files.readString(report, StandardCharsets.UTF_8));
                if (!m.find())
                {
                    return "holds a report.json of an unknown version (no \"schema\")";
                }
                return m.group(1).equals(schema) ? "already holds a campaign report"
                    : "holds a report written by another version (" + m.group(1) + "; this is " + schema + ")";
            }
            catch (final IOException ex)
            {
                return "holds an unreadable report.json (" + reason(ex) + ")";
            }
        }
        return "not empty";
    }

    private static String owner(final Path lockFile)
    {
        try
        {
            final String text = Files.readString(lockFile, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "" : ", " + text;
        }
        catch (final IOException ex)
        {
            return "";
        }
    }

    private static String reason(final IOException ex)
    {
        final String m = ex.getMessage();
        return ex.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /** Releases the claim: the lock file goes (the report stays). */
    @Override
    public void close() throws IOException
    {
        try
        {
            lock.release();
        }
        finally
        {
            channel.close();
            Files.deleteIfExists(lockFile);
        }
    }
}
