namespace Emulation.Host.Replay;

/// <summary>Stable names for dma-bufs in the output: `B1`, `B2`... in order of first appearance.</summary>
public sealed class BufNames
{
    private readonly Dictionary<int, string> _names = [];

    public string Of(int dmaBuf)
    {
        if (!_names.TryGetValue(dmaBuf, out var name))
        {
            name = $"B{_names.Count + 1}";
            _names.Add(dmaBuf, name);
        }
        return name;
    }
}
