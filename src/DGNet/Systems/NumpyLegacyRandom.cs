namespace DGNet.Systems;

/// <summary>
/// The draws of NumPy's legacy <c>np.random.seed(s)</c> / <c>RandomState(s)</c> stream: the Mersenne Twister MT19937
/// seeded from one 32-bit integer, doubles with 53 random bits from two 32-bit words, <c>uniform</c> as
/// low + (high - low)·x, <c>randint</c> by masked rejection and <c>randn</c> by the polar method, which keeps its second
/// value for the next call. It exists so that the reference sampler can draw
/// exactly the initial states the reference code drew, and so train and test on the data the published numbers
/// were measured on.
/// </summary>
public sealed class NumpyLegacyRandom
{
    private const int N = 624, M = 397;
    private readonly uint[] state = new uint[N];
    private int next = N;
    private double? cachedNormal;

    /// <summary>The stream of <c>np.random.seed(seed)</c>; NumPy accepts seeds from 0 to 2³² - 1.</summary>
    public NumpyLegacyRandom(long seed)
    {
        if (seed < 0 || seed > uint.MaxValue)
            throw new ArgumentException($"seed: NumPy's legacy stream takes seeds from 0 to 2^32 - 1 (got {seed})");
        state[0] = (uint)seed;
        for (int i = 1; i < N; i++) state[i] = unchecked(1812433253u * (state[i - 1] ^ (state[i - 1] >> 30)) + (uint)i);
    }

    /// <summary>The next 32-bit word (MT19937 with its tempering).</summary>
    public uint NextUInt32()
    {
        if (next >= N) Twist();
        uint y = state[next++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        y ^= y >> 18;
        return y;
    }

    /// <summary><c>random_sample()</c>: uniform on [0, 1) with 53 random bits.</summary>
    public double NextDouble()
    {
        uint a = NextUInt32() >> 5, b = NextUInt32() >> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /// <summary><c>uniform(low, high)</c>, evaluated as NumPy does (the width rounded first).</summary>
    public double Uniform(double low, double high) => low + (high - low) * NextDouble();

    /// <summary><c>randint(low, high)</c>: an integer in [low, high), by rejection of masked 32-bit words.</summary>
    public long RandInt(long low, long high)
    {
        if (high <= low) throw new ArgumentException($"randint needs low < high (got {low}, {high})");
        ulong range = (ulong)(high - 1 - low);
        if (range == 0) return low;
        if (range > uint.MaxValue) throw new ArgumentException("randint ranges wider than 2^32 are not supported");
        ulong mask = range;
        for (int shift = 1; shift <= 16; shift <<= 1) mask |= mask >> shift;
        while (true)
        {
            ulong value = NextUInt32() & mask;
            if (value <= range) return low + (long)value;
        }
    }

    /// <summary>
    /// <c>randn()</c>: a standard normal value by Marsaglia's polar method on two uniform doubles in (-1, 1), as NumPy's
    /// legacy stream draws it: each accepted pair gives two values, the second returned now and the first by the next
    /// call (which then draws nothing).
    /// </summary>
    public double StandardNormal()
    {
        if (cachedNormal is double kept)
        {
            cachedNormal = null;
            return kept;
        }
        double x1, x2, r2;
        do
        {
            x1 = 2 * NextDouble() - 1;
            x2 = 2 * NextDouble() - 1;
            r2 = x1 * x1 + x2 * x2;
        }
        while (r2 >= 1 || r2 == 0);
        double f = Math.Sqrt(-2 * Math.Log(r2) / r2);
        cachedNormal = f * x1;
        return f * x2;
    }

    private void Twist()
    {
        for (int k = 0; k < N; k++)
        {
            uint y = (state[k] & 0x80000000u) | (state[(k + 1) % N] & 0x7fffffffu);
            state[k] = state[(k + M) % N] ^ (y >> 1) ^ ((y & 1) != 0 ? 0x9908b0dfu : 0u);
        }
        next = 0;
    }
}
