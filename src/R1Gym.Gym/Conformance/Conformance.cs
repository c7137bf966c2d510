using R1Gym.Abstractions;

namespace R1Gym.Gym;

/// <summary>
/// The conformance check every registered task gets for free (Gymnasium's <c>check_env</c>): options are validated,
/// (seed, index) is deterministic, the reference solution scores 1.0, hostile output scores 0 without throwing.
/// One line in a plugin's tests: <c>(await Conformance.CheckAsync(registry, "math/arithmetic-v1")).Failures.Should().BeEmpty();</c>
/// </summary>
public static class Conformance
{
    /// <summary>Checks task <paramref name="id"/>; failures are in the report, never thrown.</summary>
    /// <exception cref="UnknownTaskException">No task has this id.</exception>
    public static async Task<ConformanceReport> CheckAsync(
        ITaskRegistry registry, string id, ConformanceOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        options ??= new ConformanceOptions();
        var descriptor = registry.Get(id);
        var results = new List<ConformanceResult>();
        results.AddRange(OptionsChecks.Run(registry, descriptor));

        TaskInstance first, second;
        try
        {
            first = registry.Create(descriptor.Id, options.TaskOptions);
            second = registry.Create(descriptor.Id, options.TaskOptions);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            results.Add(Fail("create", $"creating the task with {(options.TaskOptions is null ? "default options" : "the given options")} threw {Describe(e)}"));
            return new ConformanceReport(descriptor.Id, results);
        }

        if (first.Task is { } task)
            results.AddRange(await SingleTurnChecks.RunAsync(descriptor.Id, task, second.Task!, first.Size, options, cancellationToken).ConfigureAwait(false));
        else
            results.AddRange(await EnvironmentChecks.RunAsync(first, second, options, cancellationToken).ConfigureAwait(false));
        return new ConformanceReport(descriptor.Id, results);
    }

    /// <summary>Checks every registered task, in id order; load failures of the registry are reported as failed reports.</summary>
    public static async Task<IReadOnlyList<ConformanceReport>> CheckAllAsync(
        ITaskRegistry registry, ConformanceOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var reports = registry.Failures
            .Select(f => new ConformanceReport(f.Source, [Fail("load", f.Reason)]))
            .ToList();
        foreach (var descriptor in registry.All)
        {
            cancellationToken.ThrowIfCancellationRequested();
            reports.Add(await CheckAsync(registry, descriptor.Id, options, cancellationToken).ConfigureAwait(false));
        }
        return reports;
    }

    internal static ConformanceResult Pass(string check, string message) => new(check, ConformanceStatus.Passed, message);

    internal static ConformanceResult Fail(string check, string message) => new(check, ConformanceStatus.Failed, message);

    internal static ConformanceResult Skip(string check, string message) => new(check, ConformanceStatus.Skipped, message);

    internal static string Describe(Exception e) => $"{e.GetType().Name}: {e.Message}";

    /// <summary>Awaits <paramref name="work"/> for at most <paramref name="timeout"/>, cancelling it when the time is up.</summary>
    internal static async Task<T> WithTimeout<T>(Func<CancellationToken, ValueTask<T>> work, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            return await work(cts.Token).AsTask().WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no answer within {timeout.TotalSeconds:0.#} s");
        }
    }
}
