using System.Threading.Channels;

namespace CoBrowse.LocalStack.Demo;

/// <summary>
/// One demo conversation in memory: its messages (the newest <see cref="MaxMessages"/>, older ones dropped) and the
/// live subscribers of its event stream. Thread-safe: every read and write takes the conversation's lock.
/// </summary>
public sealed class Conversation(string id, ConversationChannel channel, string customerName, DateTimeOffset createdAt)
{
    public const int MaxMessages = 500;

    /// <summary>Messages a subscriber may fall behind by; a slower one is cut off and resumes with Last-Event-ID.</summary>
    private const int SubscriberBacklog = 256;

    private readonly Lock _gate = new();
    private readonly Queue<ConversationMessage> _messages = new();
    private readonly List<Channel<ConversationMessage>> _subscribers = [];
    private long _lastSeq;
    private ConversationStatus _status = ConversationStatus.Open;
    private DateTimeOffset _lastMessageAt = createdAt;

    public string Id { get; } = id;

    public ConversationChannel Channel { get; } = channel;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public ConversationSummary Summary()
    {
        lock (_gate)
        {
            return new ConversationSummary(Id, Channel, customerName, _status, CreatedAt, _lastMessageAt);
        }
    }

    public ConversationStatus Status
    {
        get
        {
            lock (_gate)
            {
                return _status;
            }
        }
    }

    /// <summary>Adds a customer's or agent's message; an ended conversation takes no more (a transferred one goes on).</summary>
    public ConversationMessage Post(NewMessage message, DateTimeOffset at)
    {
        lock (_gate)
        {
            if (_status == ConversationStatus.Ended)
            {
                throw DemoProblemException.Conflict($"Conversation {Id} has ended; start a new one.");
            }

            return AppendLocked(message, at);
        }
    }

    /// <summary>
    /// Marks the conversation ended or transferred with a system message; false (and no message) when it already has
    /// that status or has ended, so a repeated webhook writes nothing twice.
    /// </summary>
    public bool TryChangeStatus(ConversationStatus status, string systemText, DateTimeOffset at)
    {
        lock (_gate)
        {
            if (_status == ConversationStatus.Ended || _status == status)
            {
                return false;
            }

            _status = status;
            AppendLocked(new NewMessage("system", "text", Text: systemText), at);
            return true;
        }
    }

    /// <summary>
    /// The stored messages after <paramref name="after"/> and a reader of every later one, taken under one lock so none
    /// falls between them. Dispose the subscription when the stream ends.
    /// </summary>
    public Subscription Subscribe(long after)
    {
        var live = System.Threading.Channels.Channel.CreateBounded<ConversationMessage>(
            new BoundedChannelOptions(SubscriberBacklog) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        lock (_gate)
        {
            _subscribers.Add(live);
            return new Subscription(_messages.Where(m => m.Seq > after).ToList(), live.Reader, () => Unsubscribe(live));
        }
    }

    /// <summary>Closes every live stream (the conversation was dropped from the store).</summary>
    public void Close()
    {
        lock (_gate)
        {
            _subscribers.ForEach(s => s.Writer.TryComplete());
            _subscribers.Clear();
        }
    }

    private ConversationMessage AppendLocked(NewMessage message, DateTimeOffset at)
    {
        var stored = new ConversationMessage(++_lastSeq, message.From, message.Kind, message.Text, message.OfferId, message.Answer, at);
        _messages.Enqueue(stored);
        if (_messages.Count > MaxMessages)
        {
            _messages.Dequeue();
        }

        _lastMessageAt = at;
        foreach (var subscriber in _subscribers.ToList())
        {
            if (!subscriber.Writer.TryWrite(stored))
            {
                // Never block a poster on a slow reader: end its stream; the client resumes after its last event id.
                subscriber.Writer.TryComplete();
                _subscribers.Remove(subscriber);
            }
        }

        return stored;
    }

    private void Unsubscribe(Channel<ConversationMessage> live)
    {
        lock (_gate)
        {
            _subscribers.Remove(live);
        }
    }

    public sealed class Subscription(IReadOnlyList<ConversationMessage> replay, ChannelReader<ConversationMessage> live, Action unsubscribe) : IDisposable
    {
        public IReadOnlyList<ConversationMessage> Replay { get; } = replay;

        public ChannelReader<ConversationMessage> Live { get; } = live;

        public void Dispose() => unsubscribe();
    }
}
