namespace Emulation.Actors.Machines;

/// <summary>
/// A machine's own random stream (SplitMix64), seeded from the scenario seed and the machine index:
/// seed ^ (index * 0x9E3779B97F4A7C15). The same seed gives the same stream in any process.
/// </summary>
public struct SplitMix64(ulong seed)
{
    public const ulong Golden = 0x9E3779B97F4A7C15;

    private ulong _state = seed;

    public static SplitMix64 ForMachine(ulong scenarioSeed, int machineIndex) =>
        new(scenarioSeed ^ unchecked((ulong)machineIndex * Golden));

    public ulong Next()
    {
        unchecked
        {
            _state += Golden;
            var z = _state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            return z ^ (z >> 31);
        }
    }

    /// <summary>A value in [0, count).</summary>
    public int NextIndex(int count) => (int)(Next() % (ulong)count);
}
