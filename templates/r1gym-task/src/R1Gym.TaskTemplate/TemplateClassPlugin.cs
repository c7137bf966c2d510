using R1Gym.Abstractions;

namespace R1Gym.TaskTemplate;

/// <summary>The plugin's entry point: r1gym creates it with its parameterless constructor and calls Register, one line per task.</summary>
public sealed class TemplateClassPlugin : ITaskPlugin
{
    public void Register(ITaskCatalog tasks)
    {
        tasks.AddTask<TemplateClassOptions>("sample/sample-task-v1", o => new TemplateClassTask(o), "Multiply two whole numbers (sample task)");
    }
}
