using R1Gym.Testing;

namespace R1Gym.Gym;

/// <summary>
/// The conformance check over the registry, as <c>r1gym check</c> runs it. The checks themselves live in R1Gym.Testing
/// (<see cref="ConformanceCheck"/>), so a plugin's own tests run exactly the same code without the host.
/// </summary>
public static class Conformance
{
    /// <summary>Checks task <paramref name="id"/>; failures are in the report, never thrown.</summary>
    /// <exception cref="UnknownTaskException">No task has this id.</exception>
    public static Task<ConformanceReport> CheckAsync(
        ITaskRegistry registry, string id, ConformanceOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var descriptor = registry.Get(id);
        var task = new CheckedTask(descriptor.Id, descriptor.OptionsType, json =>
        {
            var instance = registry.Create(descriptor.Id, json);
            return instance.Task is { } single ? new CreatedTask(single) : new CreatedTask(instance.CreateEnvironment);
        });
        return ConformanceCheck.RunAsync(task, options, cancellationToken);
    }

    /// <summary>Checks every registered task, in id order; load failures of the registry are reported as failed reports.</summary>
    public static async Task<IReadOnlyList<ConformanceReport>> CheckAllAsync(
        ITaskRegistry registry, ConformanceOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var reports = registry.Failures.Select(f => ConformanceCheck.LoadFailure(f.Source, f.Reason)).ToList();
        foreach (var descriptor in registry.All)
        {
            cancellationToken.ThrowIfCancellationRequested();
            reports.Add(await CheckAsync(registry, descriptor.Id, options, cancellationToken).ConfigureAwait(false));
        }
        return reports;
    }
}
