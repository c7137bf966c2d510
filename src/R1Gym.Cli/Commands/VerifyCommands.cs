using System.CommandLine;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using R1Gym.Abstractions;
using R1Gym.Gym;

namespace R1Gym.Cli.Commands;

/// <summary><c>r1gym verify &lt;id&gt; --index I --completion &lt;file|-&gt;</c>: the verdict and the reward by component.</summary>
internal static class VerifyCommands
{
    public static Command Create()
    {
        var id = TaskArguments.Id();
        var seed = TaskArguments.Seed();
        var index = TaskArguments.Index(required: true);
        var completion = new Option<string>("--completion", "-c")
        {
            Description = "File holding the model's completion, or '-' to read it from stdin.",
            Required = true,
            HelpName = "file|-",
        };
        var tokens = new Option<int?>("--tokens") { Description = "The completion's length in tokens, for the length penalty (default: characters)." };
        var options = TaskArguments.TaskOptions();
        var command = new Command("verify", "Verify a completion for one problem; print the verdict and the reward broken down by component.")
        {
            id, seed, index, completion, tokens, options,
        };
        command.SetAction(async (parse, ct) =>
        {
            var text = await ReadCompletionAsync(parse.GetValue(completion)!, ct);
            using var host = CliHost.Build(parse);
            var registry = host.Services.GetRequiredService<ITaskRegistry>();
            var rewards = host.Services.GetRequiredService<RewardComposer>();
            var instance = registry.Create(parse.GetValue(id)!, TaskArguments.ParseOptions(parse, options));
            var task = instance.Task ?? throw new R1GymException(
                $"'verify' judges single-turn tasks, and '{instance.Descriptor.Id}' is a multi-turn environment; "
                + "run 'r1gym check' to play it with its reference policy, or 'r1gym tasks show' to see its first observation.");
            long s = parse.GetValue(seed);
            int i = parse.GetValue(index);
            if (i < 0)
                throw new R1GymException($"--index must be 0 or more, found {i}.");
            var problem = task.Generate(s, i);
            var verdict = await task.VerifyAsync(new VerifyArgs(problem, text), ct);
            var reward = rewards.Compose(new RewardInput(text, verdict) { CompletionTokens = parse.GetValue(tokens) });
            var w = rewards.Options;
            if (parse.GetValue(CliOptions.Json))
            {
                CliOutput.WriteJson(new
                {
                    id = instance.Descriptor.Id,
                    seed = s,
                    index = i,
                    final_answer = Answers.Extract(text),
                    expected = problem.Answer,
                    verdict = new { score = verdict.Score, correct = verdict.IsCorrect, reason = verdict.Reason, details = verdict.Details },
                    reward = new { total = reward.Total, accuracy = reward.Accuracy, format = reward.Format, language = reward.Language, length = reward.Length },
                    weights = new { accuracy = w.AccuracyWeight, format = w.FormatWeight, language = w.LanguageWeight, length = w.LengthWeight },
                    format_problem = FormatReward.Check(text),
                });
                return 0;
            }
            string F(double x) => x.ToString("0.###", CultureInfo.InvariantCulture);
            var answer = Answers.Extract(text);
            Console.Out.WriteLine($"task          {instance.Descriptor.Id} (seed {s}, index {i})");
            Console.Out.WriteLine($"final answer  {(answer is null ? "(none)" : Shorten(answer))}");
            Console.Out.WriteLine($"expected      {Shorten(problem.Answer)}");
            Console.Out.WriteLine($"verdict       {(verdict.IsCorrect ? "correct" : "wrong")}, score {F(verdict.Score)}: {verdict.Reason}");
            Console.Out.WriteLine($"reward        {F(reward.Total)}");
            Console.Out.WriteLine($"  accuracy    {F(reward.Accuracy),-6} x {F(w.AccuracyWeight)}");
            Console.Out.WriteLine($"  format      {F(reward.Format),-6} x {F(w.FormatWeight)}{(FormatReward.Check(text) is { } why ? $"  ({why})" : "")}");
            Console.Out.WriteLine($"  language    {F(reward.Language),-6} x {F(w.LanguageWeight)}  ({w.Language})");
            Console.Out.WriteLine($"  length      {F(reward.Length),-6} x {F(w.LengthWeight)}{(w.MaxLength == 0 ? "  (no MaxLength set)" : "")}");
            return 0;
        });
        return command;
    }

    private static async Task<string> ReadCompletionAsync(string path, CancellationToken ct)
    {
        if (path == "-")
        {
            using var stdin = new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false));
            return await stdin.ReadToEndAsync(ct);
        }
        if (!File.Exists(path))
            throw new R1GymException($"Completion file '{Path.GetFullPath(path)}' does not exist; pass a file or '-' to read stdin.");
        return await File.ReadAllTextAsync(path, ct);
    }

    private static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= 120 ? line : line[..117] + "...";
    }
}
