namespace R1Gym.Abstractions;

/// <summary>
/// Implemented by tasks over a fixed data set (for example a JSONL file): index <c>i</c> and <c>i + Count</c> give
/// the same problem, so evaluators can visit every item exactly once with indexes <c>0 .. Count - 1</c>.
/// </summary>
public interface IFiniteTask
{
    /// <summary>The number of distinct problems.</summary>
    int Count { get; }
}
