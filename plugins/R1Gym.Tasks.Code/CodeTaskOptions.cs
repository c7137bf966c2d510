using System.ComponentModel.DataAnnotations;
using R1Gym.Abstractions;

namespace R1Gym.Tasks.Code;

/// <summary>Limits every code task passes to the sandbox with its tests.</summary>
public record CodeTaskOptions : TaskOptions
{
    /// <summary>Time limit per test, in milliseconds. Default 2000.</summary>
    [Range(100, 30_000)]
    public int TimeLimitMs { get; init; } = 2000;

    /// <summary>Memory limit of one answer, in MB (the sandbox caps it at its own limit). Default 256.</summary>
    [Range(16, 4096)]
    public int MemoryLimitMb { get; init; } = 256;
}
