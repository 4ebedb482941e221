package org.ioptstress.stress.registry;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.ioptstress.iommufd.Design;

/**
 * Runs code with one more line in {@code META-INF/services/org.ioptstress.iommufd.Design}, as a newcomer's
 * registration would add it, but visible only to the calling thread (its context class loader), so the design
 * reaches only the test that asks for it.
 */
public final class WithAddedDesign
{
    private WithAddedDesign()
    {
    }

    public static <T> T call(final Path dir, final Class<? extends Design> design, final Callable<T> body) throws Exception
    {
        final Path services = dir.resolve("META-INF/services/" + Design.class.getName());
        Files.createDirectories(services.getParent());
        Files.writeString(services, design.getName() + "\n", StandardCharsets.UTF_8);
        final Thread thread = Thread.currentThread();
        final ClassLoader before = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, before))
        {
            thread.setContextClassLoader(loader);
            return body.call();
        }
        finally
        {
            thread.setContextClassLoader(before);
        }
    }
}
