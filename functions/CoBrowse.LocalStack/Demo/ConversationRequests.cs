namespace CoBrowse.LocalStack.Demo;

/// <summary>Checks what a messenger or an agent may post; every refusal names the field.</summary>
public static class ConversationRequests
{
    public const int MaxTextLength = 2000;
    public const int MaxNameLength = 80;
    public const int MaxIdLength = 128;

    public static ConversationChannel Channel(string? channel) => channel switch
    {
        "webMessaging" => ConversationChannel.WebMessaging,
        "webChat" => ConversationChannel.WebChat,
        _ => throw DemoProblemException.BadRequest("'channel' must be 'webMessaging' or 'webChat'."),
    };

    public static string CustomerName(string? name)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return "Guest";
        }

        if (trimmed.Length > MaxNameLength || trimmed.Any(char.IsControl))
        {
            throw DemoProblemException.BadRequest($"'customerName' must be at most {MaxNameLength} characters without control characters.");
        }

        return trimmed;
    }

    /// <summary>The three message shapes of the contract; system messages are only written by the backend.</summary>
    public static NewMessage Message(PostMessageRequest body) => (body.From, body.Kind) switch
    {
        (string from and ("customer" or "agent"), "text") => new NewMessage(from, "text", Text: RequireText(body.Text)),
        ("agent", "cobrowseOffer") => new NewMessage("agent", "cobrowseOffer", OfferId: Identifier(body.OfferId, "offerId")),
        ("customer", "cobrowseAnswer") => new NewMessage("customer", "cobrowseAnswer", OfferId: Identifier(body.OfferId, "offerId"), Answer: Answer(body.Answer)),
        (not ("customer" or "agent"), _) => throw DemoProblemException.BadRequest("'from' must be 'customer' or 'agent'."),
        _ => throw DemoProblemException.BadRequest("'kind' must be 'text', 'cobrowseOffer' (from the agent) or 'cobrowseAnswer' (from the customer)."),
    };

    /// <summary>Ids travel in URLs of the product API: the product's own identifier rules.</summary>
    public static string Identifier(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw DemoProblemException.BadRequest($"'{name}' is required.");
        }

        if (value.Length > MaxIdLength || value.Any(c => char.IsControl(c) || c is '/' or '\\' or '#' or '?' or '|'))
        {
            throw DemoProblemException.BadRequest($"'{name}' must be at most {MaxIdLength} characters without control characters or / \\ # ? |.");
        }

        return value;
    }

    private static string RequireText(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw DemoProblemException.BadRequest("'text' is required.");
        }

        if (text.Length > MaxTextLength)
        {
            throw DemoProblemException.BadRequest($"'text' must be at most {MaxTextLength} characters.");
        }

        return text;
    }

    private static string Answer(string? answer) => answer is "accepted" or "declined"
        ? answer
        : throw DemoProblemException.BadRequest("'answer' must be 'accepted' or 'declined'.");
}
