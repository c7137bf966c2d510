using R1Gym.Gym;

namespace R1Gym.Cli.Commands;

/// <summary>One problem as <c>tasks show</c> prints it (also its JSON shape).</summary>
internal sealed record ShownProblem(long Seed, int Index, int Difficulty, string Prompt, string? Answer,
    IReadOnlyDictionary<string, string>? Metadata, string? Reference)
{
    public static async Task<ShownProblem> CreateAsync(TaskInstance instance, long seed, int index, CancellationToken ct)
    {
        if (instance.Task is { } task)
        {
            var problem = task.Generate(seed, index);
            return new ShownProblem(seed, index, problem.Difficulty, problem.Prompt, problem.Answer,
                problem.Metadata.Count == 0 ? null : problem.Metadata, task.Solve(problem));
        }
        var env = instance.CreateEnvironment();
        var observation = await env.ResetAsync(seed, index, ct);
        return new ShownProblem(seed, index, 0, observation.Text, null, null, env.ReferenceAction());
    }

    public void Write(string id)
    {
        Console.Out.WriteLine($"== {id}  seed {Seed}  index {Index}  difficulty {Difficulty}");
        Console.Out.WriteLine("-- prompt");
        Console.Out.WriteLine(Prompt);
        if (Answer is not null)
        {
            Console.Out.WriteLine("-- answer");
            Console.Out.WriteLine(Answer);
        }
        foreach (var (key, value) in Metadata ?? new Dictionary<string, string>())
            Console.Out.WriteLine($"-- {key}: {(value.Length > 200 ? value[..200] + "..." : value)}");
        Console.Out.WriteLine(Answer is null ? "-- reference action" : "-- reference solution");
        Console.Out.WriteLine(Reference ?? "(none)");
        Console.Out.WriteLine();
    }
}
