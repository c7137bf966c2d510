namespace R1Gym.Abstractions;

/// <summary>
/// Convenience base for single-turn tasks: holds the validated options, stamps the problem key and
/// turns an unexpected verifier exception into a zero score rather than a crash of the trainer.
/// </summary>
public abstract class ReasoningTask<TOptions> : IReasoningTask
    where TOptions : TaskOptions
{
    protected ReasoningTask(TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
    }

    public TOptions Options { get; }

    public Problem Generate(long seed, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var random = new Random(DeterministicSeed.Combine(seed, index));
        return Create(random, index) with { Key = new ProblemKey(seed, index) };
    }

    public async ValueTask<Verdict> VerifyAsync(VerifyArgs args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (string.IsNullOrWhiteSpace(args.Completion))
            return Verdict.Wrong("empty completion");
        try
        {
            return await Verify(args, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Model output must never crash a trainer; the reason keeps the bug visible (conformance flags it).
            return Verdict.Wrong($"verifier error: {e.GetType().Name}: {e.Message}");
        }
    }

    public virtual string? Solve(Problem problem) => null;

    /// <summary>Builds one problem from a generator seeded by (seed, index). Use only <paramref name="random"/>.</summary>
    protected abstract Problem Create(Random random, int index);

    /// <summary>Scores a non-empty completion.</summary>
    protected abstract ValueTask<Verdict> Verify(VerifyArgs args, CancellationToken cancellationToken);
}

/// <summary>Mixes a seed and an index into one stable 32-bit seed (the same on every machine and run).</summary>
public static class DeterministicSeed
{
    public static int Combine(long seed, long index)
    {
        // SplitMix64 finaliser: well-mixed, stable across platforms (unlike string.GetHashCode).
        ulong z = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)index + 0x632BE59BD9B4E019UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return unchecked((int)z ^ (int)(z >> 32));
    }
}
