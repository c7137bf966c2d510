using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using R1Gym.Abstractions;

namespace R1Gym.Gym;

/// <summary>
/// The gym's <see cref="ITaskRegistry"/>. Sources load once, on first use, in order: built-in checkers, plugins,
/// script tasks, data tasks (so data manifests can name checkers that plugins register). A source that throws is
/// recorded as a <see cref="LoadFailure"/> and registers nothing; the others are unaffected.
/// </summary>
public sealed class TaskRegistry : ITaskRegistry, IDisposable
{
    private readonly List<TaskSource> _loadedSources = [];
    private readonly IServiceProvider _services;
    private readonly Func<IEnumerable<TaskSource>> _sources;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (TaskRegistration Registration, TaskSource Source)> _tasks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (IAnswerChecker Checker, TaskSource Source)> _checkers = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, (Func<ITool> Create, TaskSource Source)> _tools = new(StringComparer.Ordinal);
    // Keyed by source, not name: two in-process plugins may come from one assembly.
    private readonly Dictionary<TaskSource, LoadFailure> _failures = [];
    private bool _loaded;

    internal TaskRegistry(IServiceProvider services, Func<IEnumerable<TaskSource>> sources, ILogger logger)
    {
        _services = services;
        _sources = sources;
        _logger = logger;
    }

    /// <summary>A registry over in-process plugins only (tests, embedding); no plugin folder or task files are read.</summary>
    public static TaskRegistry FromPlugins(params ITaskPlugin[] plugins) => FromPlugins(plugins, services: null);

    /// <summary>A registry over in-process plugins, giving them <paramref name="services"/> through <see cref="ITaskCatalog.Services"/>.</summary>
    public static TaskRegistry FromPlugins(IEnumerable<ITaskPlugin> plugins, IServiceProvider? services)
    {
        ArgumentNullException.ThrowIfNull(plugins);
        var list = plugins.ToList();
        return new TaskRegistry(services ?? EmptyServices.Instance,
            () => [BuiltInCheckers.Source, .. list.Select(p => new InstanceTaskSource(p))], NullLogger.Instance);
    }

    public event EventHandler<TasksReloadedEventArgs>? Reloaded;

    public IReadOnlyList<TaskDescriptor> All
    {
        get
        {
            EnsureLoaded();
            lock (_gate)
                return _tasks.Values.Select(t => t.Registration.Descriptor).OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
        }
    }

    public IReadOnlyList<LoadFailure> Failures
    {
        get
        {
            EnsureLoaded();
            lock (_gate)
                return _failures.Values.OrderBy(f => f.Source, StringComparer.Ordinal).ToList();
        }
    }

    public IReadOnlyList<string> Checkers
    {
        get
        {
            EnsureLoaded();
            lock (_gate)
                return _checkers.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
        }
    }

    public IReadOnlyList<string> Tools
    {
        get
        {
            EnsureLoaded();
            lock (_gate)
                return _tools.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
        }
    }

    public ITool CreateTool(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        EnsureLoaded();
        Func<ITool> create;
        lock (_gate)
        {
            if (!_tools.TryGetValue(name.Trim(), out var entry))
                throw new R1GymException($"Unknown tool '{name}'. Registered tools: {(_tools.Count == 0 ? "none" : string.Join(", ", _tools.Keys.Order(StringComparer.Ordinal)))}.");
            create = entry.Create;
        }
        return create() ?? throw new R1GymException($"The factory of tool '{name}' returned null.");
    }

    public TaskDescriptor? Find(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        EnsureLoaded();
        lock (_gate)
            return _tasks.TryGetValue(id.Trim(), out var entry) ? entry.Registration.Descriptor : null;
    }

    public TaskDescriptor Get(string id) => Lookup(id).Descriptor;

    public TaskInstance Create(string id, JsonObject? options = null) => Lookup(id).Create(options);

    public IAnswerChecker? FindChecker(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        EnsureLoaded();
        lock (_gate)
            return _checkers.TryGetValue(name, out var entry) ? entry.Checker : null;
    }

    private TaskRegistration Lookup(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        EnsureLoaded();
        lock (_gate)
        {
            if (_tasks.TryGetValue(id.Trim(), out var entry))
                return entry.Registration;
            throw new UnknownTaskException(id, TaskIds.Suggest(id, _tasks.Keys), _tasks.Count);
        }
    }

    private void EnsureLoaded()
    {
        if (Volatile.Read(ref _loaded))
            return;
        lock (_gate)
        {
            if (_loaded)
                return;
            foreach (var source in _sources())
            {
                Register(source);
                source.Changed += OnSourceChanged;
                _loadedSources.Add(source);
            }
            Volatile.Write(ref _loaded, true);
        }
    }

    /// <summary>Registers one source (replacing what it registered before); returns the failure, if any. Caller holds the lock.</summary>
    private LoadFailure? Register(TaskSource source)
    {
        var catalog = new StagingCatalog(_services, source,
            id => _tasks.TryGetValue(id, out var e) && e.Source != source ? e.Source.Name : null,
            name => _checkers.TryGetValue(name, out var e) && e.Source != source ? e.Source.Name : null,
            this,
            name => _tools.TryGetValue(name, out var e) && e.Source != source ? e.Source.Name : null);
        Remove(source);
        try
        {
            source.Register(catalog);
        }
        catch (Exception e)
        {
            var failure = new LoadFailure(source.Name, Explain(e));
            _failures[source] = failure;
            _logger.LogWarning("Could not load {Source}: {Reason}", source.Name, failure.Reason);
            return failure;
        }
        foreach (var registration in catalog.Tasks)
            _tasks[registration.Descriptor.Id] = (registration, source);
        foreach (var (name, checker) in catalog.Checkers)
            _checkers[name] = (checker, source);
        foreach (var (name, create) in catalog.Tools)
            _tools[name] = (create, source);
        _logger.LogDebug("Loaded {Source}: {Count} tasks", source.Name, catalog.Tasks.Count);
        return null;
    }

    private void Remove(TaskSource source)
    {
        foreach (var id in _tasks.Where(t => t.Value.Source == source).Select(t => t.Key).ToList())
            _tasks.Remove(id);
        foreach (var name in _checkers.Where(c => c.Value.Source == source).Select(c => c.Key).ToList())
            _checkers.Remove(name);
        foreach (var name in _tools.Where(c => c.Value.Source == source).Select(c => c.Key).ToList())
            _tools.Remove(name);
        _failures.Remove(source);
    }

    private void OnSourceChanged(TaskSource source)
    {
        LoadFailure? failure;
        List<string> ids;
        lock (_gate)
        {
            failure = Register(source);
            ids = _tasks.Where(t => t.Value.Source == source).Select(t => t.Key).OrderBy(k => k, StringComparer.Ordinal).ToList();
        }
        _logger.LogInformation("Reloaded {Source}: {Count} tasks", source.Name, ids.Count);
        Reloaded?.Invoke(this, new TasksReloadedEventArgs(source.Name, ids, failure));
    }

    /// <summary>Unloads plugin load contexts and stops watching.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var source in _loadedSources)
            {
                source.Changed -= OnSourceChanged;
                (source as IDisposable)?.Dispose();
            }
            _loadedSources.Clear();
        }
    }

    private static string Explain(Exception e)
    {
        while (e is TargetInvocationException { InnerException: { } inner })
            e = inner;
        return e is R1GymException ? e.Message : $"{e.GetType().Name}: {e.Message}";
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public static readonly EmptyServices Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}
