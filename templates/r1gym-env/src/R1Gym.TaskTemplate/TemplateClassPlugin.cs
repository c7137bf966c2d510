using R1Gym.Abstractions;

namespace R1Gym.TaskTemplate;

/// <summary>The plugin's entry point: r1gym creates it with its parameterless constructor and calls Register, one line per environment.</summary>
public sealed class TemplateClassPlugin : ITaskPlugin
{
    public void Register(ITaskCatalog tasks)
    {
        tasks.AddEnvironment<TemplateClassOptions>("sample/sample-task-v1", o => new TemplateClassEnvironment(o), "Guess a hidden number from higher/lower replies (sample environment)");
    }
}
