/**
 * What the generated jcstress tests extend: {@link org.ioptstress.stress.jcstress.Race2},
 * {@link org.ioptstress.stress.jcstress.Race3} and {@link org.ioptstress.stress.jcstress.Liveness} adapt a
 * scenario's trial to jcstress's actor/arbiter protocol; {@link org.ioptstress.stress.jcstress.Adapters} names
 * the generated classes and caches one design instance per test class.
 */
package org.ioptstress.stress.jcstress;
