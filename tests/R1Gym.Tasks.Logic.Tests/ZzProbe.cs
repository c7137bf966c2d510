using R1Gym.Abstractions;
namespace R1Gym.Tasks.Logic.Tests;
public sealed class ZzProbe
{
    [Fact]
    public async Task Probe()
    {
        var lines = new List<string>();
        string R(string s, int n) => string.Concat(Enumerable.Repeat(s, n));
        var inputs = new Dictionary<string, string>
        {
            ["house-spaces"] = R("house" + R(" ", 200), 300),
            ["house-digit"] = R("house 1", 9000),
            ["house-hash"] = R("house #", 9000),
            ["knight-or"] = R("knight or ", 6000),
            ["names"] = R("Alice ", 10000) + "knight",
            ["letters"] = R("a", 63000) + " knight",
            ["knightspace"] = R("knight" + R(" ", 100), 600),
            ["rows"] = R("row 1 " , 10000),
        };
        var zebra = new ZebraTask(new ZebraOptions());
        var kk = new KnightsKnavesTask(new KnightsKnavesOptions());
        var sudoku = new SudokuTask<Sudoku9x9Options>(new Sudoku9x9Options());
        var count = new CountdownTask(new CountdownOptions());
        foreach (var (name, text) in inputs)
        {
            foreach (var task in new IReasoningTask[] { zebra, kk, sudoku, count })
            {
                var problem = task.Generate(1, 0);
                var sw = System.Diagnostics.Stopwatch.StartNew();
                var v = await task.VerifyAsync(new VerifyArgs(problem, "<answer>" + text + "</answer>"));
                lines.Add($"{name} {task.GetType().Name}: {v.Score} {sw.ElapsedMilliseconds} ms {v.Reason[..Math.Min(60, v.Reason.Length)]}");
            }
        }
        File.WriteAllLines("/tmp/probe2.txt", lines);
    }
}
