namespace R1Gym.Abstractions;

/// <summary>
/// The entry point of a task plugin: one method, one line per task.
/// <code>
/// public sealed class MathPlugin : ITaskPlugin
/// {
///     public void Register(ITaskCatalog tasks) =>
///         tasks.AddTask&lt;AdditionOptions&gt;("math/addition-v1", o => new AdditionTask(o), "Add two numbers");
/// }
/// </code>
/// </summary>
public interface ITaskPlugin
{
    void Register(ITaskCatalog tasks);
}

/// <summary>Where plugins register tasks. Ids are versioned <c>domain/name-vN</c>; duplicates are refused.</summary>
public interface ITaskCatalog
{
    /// <summary>
    /// The host's services (for example <see cref="ICodeRunner"/>). Resolve them inside task factories,
    /// which run after the host is built, not in <see cref="ITaskPlugin.Register"/> itself.
    /// </summary>
    IServiceProvider Services { get; }

    /// <summary>Registers a single-turn task built from validated options.</summary>
    void AddTask<TOptions>(string id, Func<TOptions, IReasoningTask> create, string description = "")
        where TOptions : TaskOptions, new();

    /// <summary>Registers a multi-turn environment; <paramref name="create"/> is called once per episode slot.</summary>
    void AddEnvironment<TOptions>(string id, Func<TOptions, IEnvironment> create, string description = "")
        where TOptions : TaskOptions, new();

    /// <summary>
    /// Registers a named answer checker that data tasks (a JSONL file plus a manifest under <c>tasks/</c>)
    /// can name in their manifest, for example <c>"checker": "math"</c>.
    /// </summary>
    void AddChecker(string name, IAnswerChecker checker);

    /// <summary>
    /// Registers a tool the policy may call in episodes run with tools (see <see cref="ITool"/>); <paramref name="create"/>
    /// runs after the host is built, so it may resolve <see cref="Services"/>. Names are unique across sources.
    /// </summary>
    void AddTool(string name, Func<ITool> create);
}

/// <summary>Compares an extracted answer with the ground truth. Never throws on model output.</summary>
public interface IAnswerChecker
{
    /// <param name="expected">The ground truth from the data set.</param>
    /// <param name="answer">The extracted final answer, null when none was found.</param>
    Verdict Check(string expected, string? answer);
}
