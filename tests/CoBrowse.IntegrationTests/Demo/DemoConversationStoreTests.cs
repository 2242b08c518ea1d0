using CoBrowse.LocalStack.Demo;

namespace CoBrowse.IntegrationTests.Demo;

/// <summary>The in-memory conversation store stays bounded (a thousand conversations would be slow over HTTP).</summary>
public sealed class DemoConversationStoreTests
{
    [Fact]
    public void CreatingOneMoreThanTheLimitDropsTheOldestConversationAndClosesItsStreams()
    {
        var store = new ConversationStore(TimeProvider.System);
        var oldest = store.Create(ConversationChannel.WebChat, "First");
        using var subscription = oldest.Subscribe(after: 0);

        var created = Enumerable.Range(0, ConversationStore.MaxConversations).Select(i => store.Create(ConversationChannel.WebMessaging, $"Customer {i}")).ToList();

        Assert.Null(store.Find(oldest.Id));
        Assert.Same(created[0], store.Find(created[0].Id));
        Assert.Equal(ConversationStore.MaxConversations, store.ListNewestFirst().Count);
        Assert.Equal(created[^1].Id, store.ListNewestFirst()[0].ConversationId);
        Assert.True(subscription.Live.Completion.IsCompleted);
    }

    [Fact]
    public async Task ConcurrentPostersGetDistinctConsecutiveSeqs()
    {
        var conversation = new ConversationStore(TimeProvider.System).Create(ConversationChannel.WebChat, "Ann");

        var posted = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() =>
            conversation.Post(new NewMessage("customer", "text", Text: $"m{i}"), DateTimeOffset.UtcNow))));

        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), posted.Select(m => m.Seq).Order());
    }
}
