using System.Text.Json.Nodes;
using R1Gym.Abstractions;

namespace R1Gym.Testing;

/// <summary>
/// A plugin's tasks registered in-process, as the host registers them (same id rule, same option binding), for the
/// plugin's own tests in any test framework:
/// <code>
/// var tasks = PluginHarness.For(new SudokuPlugin());
/// (await tasks.CheckAllAsync()).ThrowIfAnyFailed();                       // what `r1gym check` runs
/// var verdict = await tasks.VerifyAsync("puzzles/sudoku-v1", completion);  // score one completion
/// var episode = await tasks.PlayReferenceAsync("games/nim-v1");            // play the reference policy
/// </code>
/// </summary>
public sealed class PluginHarness
{
    private readonly Dictionary<string, Registration> _tasks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IAnswerChecker> _checkers = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Func<ITool>> _tools = new(StringComparer.Ordinal);

    private PluginHarness()
    {
    }

    /// <summary>Registers <paramref name="plugins"/>; registration errors (bad ids, duplicates) throw at once, as the host refuses them.</summary>
    public static PluginHarness For(params ITaskPlugin[] plugins) => For(plugins, services: null);

    /// <summary>Registers <paramref name="plugins"/>, giving them <paramref name="services"/> through <see cref="ITaskCatalog.Services"/>.</summary>
    public static PluginHarness For(IEnumerable<ITaskPlugin> plugins, IServiceProvider? services)
    {
        ArgumentNullException.ThrowIfNull(plugins);
        var harness = new PluginHarness();
        var catalog = new Catalog(harness, services ?? EmptyServices.Instance);
        foreach (var plugin in plugins)
        {
            ArgumentNullException.ThrowIfNull(plugin);
            plugin.Register(catalog);
        }
        return harness;
    }

    /// <summary>Every registered task id, in ordinal order.</summary>
    public IReadOnlyList<string> TaskIds => _tasks.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>The options record task <paramref name="id"/> binds.</summary>
    public Type OptionsType(string id) => Lookup(id).OptionsType;

    /// <summary>The answer checker a plugin registered as <paramref name="name"/>, or null.</summary>
    public IAnswerChecker? FindChecker(string name) => _checkers.GetValueOrDefault(name);

    /// <summary>Creates task <paramref name="id"/> with options bound from <paramref name="options"/> (null: defaults).</summary>
    /// <exception cref="TaskOptionsException">The options do not bind or validate; every failure is listed.</exception>
    public CreatedTask Create(string id, JsonObject? options = null) => Lookup(id).Create(options);

    /// <summary>Creates single-turn task <paramref name="id"/>; a clear error for a multi-turn environment.</summary>
    public IReasoningTask CreateTask(string id, JsonObject? options = null) =>
        Create(id, options).Task ?? throw new R1GymException($"Task '{id}' is a multi-turn environment; play it with PlayReferenceAsync or Create(id).CreateEnvironment().");

    /// <summary>Runs the conformance check of task <paramref name="id"/> (the check <c>r1gym check</c> runs).</summary>
    public Task<ConformanceReport> CheckAsync(string id, ConformanceOptions? options = null, CancellationToken cancellationToken = default)
    {
        var registration = Lookup(id);
        return ConformanceCheck.RunAsync(new CheckedTask(id, registration.OptionsType, registration.Create), options, cancellationToken);
    }

    /// <summary>Runs the conformance check of every registered task, in id order.</summary>
    public async Task<IReadOnlyList<ConformanceReport>> CheckAllAsync(ConformanceOptions? options = null, CancellationToken cancellationToken = default)
    {
        var reports = new List<ConformanceReport>();
        foreach (var id in TaskIds)
            reports.Add(await CheckAsync(id, options, cancellationToken).ConfigureAwait(false));
        return reports;
    }

    /// <summary>Scores <paramref name="completion"/> on problem (seed, index) of single-turn task <paramref name="id"/>.</summary>
    public async Task<Verdict> VerifyAsync(string id, string completion, long seed = 0, int index = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(completion);
        var task = CreateTask(id);
        var problem = task.Generate(seed, index);
        return await task.VerifyAsync(new VerifyArgs(problem, completion), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Plays episode (seed, index) of task <paramref name="id"/> with its reference policy (single-turn tasks: one step, the reference solution).</summary>
    public Task<Episode> PlayReferenceAsync(string id, long seed = 0, int index = 0, int maxSteps = 1000, CancellationToken cancellationToken = default) =>
        ReferencePolicy.PlayAsync(Create(id).CreateEnvironment(), seed, index, maxSteps, stepTimeout: null, cancellationToken);

    private Registration Lookup(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _tasks.TryGetValue(id.Trim(), out var registration)
            ? registration
            : throw new R1GymException($"Unknown task id '{id}': the plugins register {(_tasks.Count == 0 ? "no task" : string.Join(", ", TaskIds))}.");
    }

    private sealed record Registration(string Id, Type OptionsType, Func<TaskOptions, CreatedTask> Factory)
    {
        public CreatedTask Create(JsonObject? json) => Factory(OptionsBinder.Bind(Id, OptionsType, json));
    }

    private sealed class Catalog(PluginHarness harness, IServiceProvider services) : ITaskCatalog
    {
        public IServiceProvider Services { get; } = services;

        public void AddTask<TOptions>(string id, Func<TOptions, IReasoningTask> create, string description = "")
            where TOptions : TaskOptions, new()
        {
            ArgumentNullException.ThrowIfNull(create);
            Add(new Registration(id, typeof(TOptions), o => new CreatedTask(create((TOptions)o)
                ?? throw new R1GymException($"The factory of task '{id}' returned null; it must return an IReasoningTask."))));
        }

        public void AddEnvironment<TOptions>(string id, Func<TOptions, IEnvironment> create, string description = "")
            where TOptions : TaskOptions, new()
        {
            ArgumentNullException.ThrowIfNull(create);
            Add(new Registration(id, typeof(TOptions), o => new CreatedTask(() => create((TOptions)o)
                ?? throw new R1GymException($"The factory of environment '{id}' returned null; it must return an IEnvironment."))));
        }

        public void AddChecker(string name, IAnswerChecker checker)
        {
            ArgumentNullException.ThrowIfNull(checker);
            if (string.IsNullOrWhiteSpace(name))
                throw new R1GymException("A checker name must be a non-empty word such as 'math'.");
            if (!harness._checkers.TryAdd(name, checker))
                throw new R1GymException($"Checker '{name}' is registered twice; register each name once.");
        }

        public void AddTool(string name, Func<ITool> create)
        {
            ArgumentNullException.ThrowIfNull(create);
            if (string.IsNullOrWhiteSpace(name))
                throw new R1GymException("A tool name must be a non-empty word such as 'csharp'.");
            if (!harness._tools.TryAdd(name, create))
                throw new R1GymException($"Tool '{name}' is registered twice; register each name once.");
        }

        private void Add(Registration registration)
        {
            TaskIdFormat.Validate(registration.Id);
            if (!harness._tasks.TryAdd(registration.Id, registration))
                throw new R1GymException($"Task id '{registration.Id}' is registered twice; each id must be unique (bump the -vN suffix for a new version).");
        }
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public static readonly EmptyServices Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}
