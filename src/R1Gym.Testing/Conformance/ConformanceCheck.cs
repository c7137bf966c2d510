using R1Gym.Abstractions;

namespace R1Gym.Testing;

/// <summary>
/// The conformance check every task gets for free (Gymnasium's <c>check_env</c>): options are validated, (seed, index) is
/// deterministic, the reference solution scores 1.0, hostile output scores 0 without throwing. <c>r1gym check</c> runs
/// this code; a plugin's own tests run it through <see cref="PluginHarness"/>, from any test framework:
/// <c>(await PluginHarness.For(new MyPlugin()).CheckAllAsync()).ThrowIfAnyFailed();</c>
/// </summary>
public static class ConformanceCheck
{
    /// <summary>Checks <paramref name="task"/>; failures are in the report, never thrown.</summary>
    public static async Task<ConformanceReport> RunAsync(
        CheckedTask task, ConformanceOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        options ??= new ConformanceOptions();
        var results = new List<ConformanceResult>();
        results.AddRange(OptionsChecks.Run(task));

        CreatedTask first, second;
        try
        {
            first = task.Create(options.TaskOptions);
            second = task.Create(options.TaskOptions);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            results.Add(Checks.Fail("create", $"creating the task with {(options.TaskOptions is null ? "default options" : "the given options")} threw {Checks.Describe(e)}"));
            return new ConformanceReport(task.Id, results);
        }

        if (first.Task is { } single)
            results.AddRange(await SingleTurnChecks.RunAsync(task.Id, single, second.Task!, first.Size, options, cancellationToken).ConfigureAwait(false));
        else
            results.AddRange(await EnvironmentChecks.RunAsync(first, second, options, cancellationToken).ConfigureAwait(false));
        return new ConformanceReport(task.Id, results);
    }

    /// <summary>A report of one failed check, for sources that could not even be loaded.</summary>
    public static ConformanceReport LoadFailure(string source, string reason) => new(source, [Checks.Fail("load", reason)]);
}

/// <summary>A task as the conformance check sees it: its id, its options type and a factory from JSON options.</summary>
/// <param name="Id">The versioned id, <c>domain/name-vN</c>.</param>
/// <param name="OptionsType">The options record the task binds.</param>
/// <param name="Create">Binds and validates the options (null: defaults) and creates the task; bad options throw an <see cref="R1GymException"/> naming the option.</param>
public sealed record CheckedTask(string Id, Type OptionsType, Func<System.Text.Json.Nodes.JsonObject?, CreatedTask> Create);

/// <summary>
/// A task created with bound options: a single-turn <see cref="Task"/>, or a multi-turn environment factory. Either can
/// be played through <see cref="CreateEnvironment"/> (single-turn tasks as one-step episodes).
/// </summary>
public sealed class CreatedTask
{
    private readonly Func<IEnvironment>? _createEnvironment;

    /// <summary>A single-turn task.</summary>
    public CreatedTask(IReasoningTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        Task = task;
    }

    /// <summary>A multi-turn environment; <paramref name="createEnvironment"/> makes one episode slot per call.</summary>
    public CreatedTask(Func<IEnvironment> createEnvironment)
    {
        ArgumentNullException.ThrowIfNull(createEnvironment);
        _createEnvironment = createEnvironment;
    }

    /// <summary>The single-turn task, or null for a multi-turn environment.</summary>
    public IReasoningTask? Task { get; }

    /// <summary>The number of distinct problems for tasks over a fixed data set (<see cref="IFiniteTask"/>), else null.</summary>
    public int? Size => (Task as IFiniteTask)?.Count;

    /// <summary>A fresh episode slot: the environment itself, or a one-step episode over the single-turn task.</summary>
    public IEnvironment CreateEnvironment() => Task is not null ? new SingleTurnEnvironment(Task) : _createEnvironment!();
}

/// <summary>Small shared pieces of the checks.</summary>
internal static class Checks
{
    public static ConformanceResult Pass(string check, string message) => new(check, ConformanceStatus.Passed, message);

    public static ConformanceResult Fail(string check, string message) => new(check, ConformanceStatus.Failed, message);

    public static ConformanceResult Skip(string check, string message) => new(check, ConformanceStatus.Skipped, message);

    public static string Describe(Exception e) => $"{e.GetType().Name}: {e.Message}";

    /// <summary>Awaits <paramref name="work"/> for at most <paramref name="timeout"/>, cancelling it when the time is up.</summary>
    public static async Task<T> WithTimeout<T>(Func<CancellationToken, ValueTask<T>> work, TimeSpan timeout, CancellationToken cancellationToken)
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
