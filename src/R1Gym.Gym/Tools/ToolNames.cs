namespace R1Gym.Gym;

/// <summary>Tool names: what the model writes in <c>"name"</c>, so short and plain.</summary>
public static class ToolNames
{
    /// <summary>1-64 characters, each a lowercase ASCII letter, a digit, '_' or '-'.</summary>
    public static bool IsValid(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 64 && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-');
}
