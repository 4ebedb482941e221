package org.ioptstress.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** KASAN-like poisoning: a field touched through a stale reference, a second kfree(). */
class KObjectTest
{
    private final Kernel kernel = new Kernel();

    private static final class Node extends KObject
    {
        private int value;

        Node(final Kernel kernel)
        {
            super(kernel);
        }

        int value()
        {
            kasan("value");
            return value;
        }

        @Override
        public String describe()
        {
            return "test_node[7]";
        }
    }

    @Test
    void liveObjectIsSilent()
    {
        final Node node = new Node(kernel);
        node.value();
        assertThat(node.isFreed()).isFalse();
        assertThat(node.kernel()).isSameAs(kernel);
        assertThat(node).hasToString("test_node[7]");
        assertThat(kernel.reports().isEmpty()).isTrue();
    }

    @Test
    void fieldOfAFreedObjectIsAUseAfterFreeNamingTheField()
    {
        final Node node = new Node(kernel);
        node.kfree();
        node.value();
        assertThat(kernel.reports().kindsToken()).isEqualTo("USE_AFTER_FREE");
        final Report report = kernel.reports().list().get(0);
        assertThat(report.message()).isEqualTo("slab-use-after-free: value of freed test_node[7]");
        assertThat(report.thread()).isEqualTo(Thread.currentThread().getName());
        assertThat(node).hasToString("test_node[7] (freed)");
    }

    @Test
    void secondFreeIsADoubleFree()
    {
        final Node node = new Node(kernel);
        node.kfree();
        node.kfree();
        assertThat(kernel.reports().kindsToken()).isEqualTo("DOUBLE_FREE");
        assertThat(kernel.reports().list().get(0).message()).isEqualTo("double-free of test_node[7]");
        assertThat(node.isFreed()).isTrue();
    }
}
