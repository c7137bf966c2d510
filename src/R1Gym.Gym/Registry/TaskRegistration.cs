using System.Text.Json.Nodes;
using R1Gym.Abstractions;
using R1Gym.Testing;

namespace R1Gym.Gym;

/// <summary>A descriptor plus the factory that builds the task from bound options.</summary>
internal sealed record TaskRegistration(
    TaskDescriptor Descriptor,
    Func<TaskOptions, IReasoningTask>? CreateTask,
    Func<TaskOptions, IEnvironment>? CreateEnvironment)
{
    public TaskInstance Create(JsonObject? json)
    {
        var options = OptionsBinder.Bind(Descriptor.Id, Descriptor.OptionsType, json);
        if (CreateTask is not null)
        {
            var task = CreateTask(options) ?? throw new R1GymException($"The factory of task '{Descriptor.Id}' returned null; it must return an IReasoningTask.");
            return new TaskInstance(Descriptor, options, task, null);
        }
        var create = CreateEnvironment!;
        return new TaskInstance(Descriptor, options, null, () =>
            create(options) ?? throw new R1GymException($"The factory of environment '{Descriptor.Id}' returned null; it must return an IEnvironment."));
    }
}
