package org.ioptstress.stress.explore;

import java.util.Arrays;

/**
 * One call of a program: an {@link Op} and its arguments. Bit i of {@code refMask} set means {@code args[i]} is
 * the index of an earlier call whose result (an id or fd) is the argument; otherwise it is a literal value.
 */
public record Call(Op op, long[] args, int refMask)
{
    public boolean isRef(final int i)
    {
        return (refMask & (1 << i)) != 0;
    }

    public Call withArg(final int i, final long value, final boolean ref)
    {
        final long[] copy = args.clone();
        copy[i] = value;
        return new Call(op, copy, ref ? refMask | (1 << i) : refMask & ~(1 << i));
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof Call c && c.op == op && c.refMask == refMask && Arrays.equals(c.args, args);
    }

    @Override
    public int hashCode()
    {
        return op.hashCode() * 31 + Arrays.hashCode(args) * 7 + refMask;
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder(op.name()).append('(');
        for (int i = 0; i < args.length; i++)
        {
            sb.append(i == 0 ? "" : ", ").append(isRef(i) ? "r" + args[i] : Programs.literal(op.args.get(i), args[i]));
        }
        return sb.append(')').toString();
    }
}
