namespace R1Gym.Gym;

/// <summary>A plugin, script or manifest that could not be loaded; the others still are.</summary>
/// <param name="Source">The plugin name, script path or manifest path.</param>
/// <param name="Reason">What went wrong and, where known, how to fix it.</param>
public sealed record LoadFailure(string Source, string Reason)
{
    public override string ToString() => $"{Source}: {Reason}";
}
