using R1Gym.Abstractions;

namespace R1Gym.Gym;

/// <summary>
/// What a script task (<c>tasks/**/*.csx</c>) sees as globals: register tasks with one line each,
/// <c>Tasks.AddTask&lt;MyOptions&gt;("demo/my-task-v1", o =&gt; new MyTask(o), "description");</c>.
/// A script may instead end with an expression that evaluates to an <see cref="ITaskPlugin"/>.
/// </summary>
public sealed class ScriptGlobals(ITaskCatalog tasks)
{
    /// <summary>The catalog to register this script's tasks in.</summary>
    public ITaskCatalog Tasks { get; } = tasks;
}
