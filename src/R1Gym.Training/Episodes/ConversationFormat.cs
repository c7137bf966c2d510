using R1Gym.Model;

namespace R1Gym.Training;

/// <summary>
/// How a conversation becomes text, turn by turn: the first prompt (system text, the first observation, the opened assistant
/// turn) and each later observation (a user turn, then the next opened assistant turn). The policy's own tokens sit between.
/// </summary>
/// <param name="First">(first observation, extra system text or null) to the first prompt.</param>
/// <param name="Next">An observation or tool message to the text that follows the policy's turn.</param>
public sealed record ConversationFormat(Func<string, string?, string> First, Func<string, string> Next)
{
    /// <summary>Turns rendered with a chat template: observations and tool messages are user turns (as Qwen2.5 renders tool results).</summary>
    public static ConversationFormat FromTemplate(ChatTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return new ConversationFormat(
            (user, extra) => template.Render(user, extra is null ? null : template.DefaultSystem + extra),
            observation => template.UserFormat.Replace("{user}", observation, StringComparison.Ordinal) + template.AssistantPrefix);
    }

    /// <summary>A single-prompt renderer (as the single-turn trainers take): later turns are rendered the same way.</summary>
    public static ConversationFormat FromPromptRenderer(Func<string, string> render)
    {
        ArgumentNullException.ThrowIfNull(render);
        return new ConversationFormat((user, extra) => render(extra is null ? user : user + extra), render);
    }
}
