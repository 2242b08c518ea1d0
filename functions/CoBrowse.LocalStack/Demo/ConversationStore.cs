namespace CoBrowse.LocalStack.Demo;

/// <summary>
/// The demo messenger's conversations, in memory only (a demo: nothing survives a restart). Bounded to
/// <see cref="MaxConversations"/>: creating one more drops the oldest. Thread-safe.
/// </summary>
public sealed class ConversationStore(TimeProvider clock)
{
    public const int MaxConversations = 1000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Conversation> _byId = new(StringComparer.Ordinal);
    private readonly LinkedList<Conversation> _oldestFirst = new();

    public Conversation Create(ConversationChannel channel, string customerName)
    {
        var conversation = new Conversation($"conv-{Guid.NewGuid():N}"[..17], channel, customerName, clock.GetUtcNow());
        Conversation? dropped = null;
        lock (_gate)
        {
            _byId.Add(conversation.Id, conversation);
            _oldestFirst.AddLast(conversation);
            if (_oldestFirst.Count > MaxConversations)
            {
                dropped = _oldestFirst.First!.Value;
                _oldestFirst.RemoveFirst();
                _byId.Remove(dropped.Id);
            }
        }

        dropped?.Close();
        return conversation;
    }

    public Conversation? Find(string id)
    {
        lock (_gate)
        {
            return _byId.GetValueOrDefault(id);
        }
    }

    public Conversation Get(string id) => Find(id) ?? throw DemoProblemException.NotFound($"There is no conversation '{id}'.");

    public IReadOnlyList<ConversationSummary> ListNewestFirst()
    {
        List<Conversation> all;
        lock (_gate)
        {
            all = [.. _oldestFirst];
        }

        all.Reverse();
        return all.Select(c => c.Summary()).ToList();
    }
}
