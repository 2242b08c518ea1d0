// Hub "cobrowse" and its event handler: Web PubSub calls the function app's upstream function for the system
// events the service handles (connect re-checks the session and answers the roles; connected/disconnected keep
// presence) and for the user events clients send. The URL carries a host-level function key that main.bicep
// generates, so no step after the deployment is needed; the function still checks each request's ce-signature.

@description('Name of the existing Web PubSub resource.')
param webPubSubName string

@description('Hub name; the app reads the same name from CoBrowse__WebPubSub__Hub.')
param hubName string

@description('Default host name of the function app (no scheme).')
param functionHostName string

@description('The function key the upstream URL carries (?code=).')
@secure()
param upstreamKey string

@description('User events forwarded upstream (the handler answers 400 to any event it does not know).')
param userEvents array

var systemEvents = [
  'connect'
  'connected'
  'disconnected'
]

resource service 'Microsoft.SignalRService/webPubSub@2024-03-01' existing = {
  name: webPubSubName
}

resource hub 'Microsoft.SignalRService/webPubSub/hubs@2024-03-01' = {
  parent: service
  name: hubName
  properties: {
    anonymousConnectPolicy: 'deny'
    eventHandlers: [
      {
        urlTemplate: 'https://${functionHostName}/api/v1/realtime/upstream?code=${upstreamKey}'
        userEventPattern: join(userEvents, ',')
        systemEvents: systemEvents
        auth: {
          type: 'None'
        }
      }
    ]
  }
}

output name string = hub.name
