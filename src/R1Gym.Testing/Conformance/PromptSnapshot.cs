using System.Text;
using R1Gym.Abstractions;

namespace R1Gym.Testing;

/// <summary>
/// Compares the first problems of seed 0 with a snapshot file, so a change in generation between runs or machines
/// (string.GetHashCode, dictionary order, culture) is caught. A missing snapshot is written and the check passes.
/// </summary>
internal static class PromptSnapshot
{
    public static ConformanceResult Check(string id, IReadOnlyList<Problem> problems, string directory)
    {
        var text = Render(problems);
        Directory.CreateDirectory(directory);
        var name = id.Replace('/', '_');
        var path = Path.Combine(directory, name + ".snapshot.txt");
        var received = Path.Combine(directory, name + ".received.txt");
        if (!File.Exists(path))
        {
            File.WriteAllText(path, text);
            return Checks.Pass("snapshot", $"wrote {path}; commit it so later runs are compared with it");
        }
        if (File.ReadAllText(path).ReplaceLineEndings("\n") == text)
        {
            File.Delete(received);
            return Checks.Pass("snapshot", $"{problems.Count} problems match {Path.GetFileName(path)}");
        }
        File.WriteAllText(received, text);
        return Checks.Fail("snapshot",
            $"the problems differ from {path} (see {Path.GetFileName(received)}). If the change is intended, bump the id's -vN and replace the snapshot.");
    }

    private static string Render(IReadOnlyList<Problem> problems)
    {
        var text = new StringBuilder();
        foreach (var p in problems)
        {
            text.Append("== ").Append(p.Key).Append(" difficulty ").Append(p.Difficulty).Append('\n');
            text.Append(p.Prompt.ReplaceLineEndings("\n")).Append("\n-- answer\n").Append(p.Answer.ReplaceLineEndings("\n")).Append('\n');
        }
        return text.ToString();
    }
}
