// Service Bus namespace and the queues the outbox relay delivers to. Local (SAS) auth is
// disabled; the function app sends and receives with the user-assigned identity, and the
// Functions scale controller reads queue lengths as that identity too (Data Owner).

@description('Namespace name (6-50 characters, globally unique).')
@minLength(6)
@maxLength(50)
param name string

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object

@description('Queues to create; the names are part of the contract with the queue triggers in functions/.')
param queueNames string[]

@description('Deliveries before a message goes to the dead-letter queue.')
@minValue(1)
@maxValue(100)
param maxDeliveryCount int

@description('How long an undelivered message lives (ISO 8601 duration).')
param messageTimeToLive string

@description('Peek-lock duration: how long a handler may work on a message before another may take it.')
param lockDuration string

@description('Principal (object) id of the app identity.')
param appPrincipalId string

var roleDefinitionIds = {
  azureServiceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
  azureServiceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
  azureServiceBusDataOwner: '090c5cfd-751d-490a-894a-3ce6f1109419'
}

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

resource queues 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' = [
  for queueName in queueNames: {
    parent: namespace
    name: queueName
    properties: {
      maxDeliveryCount: maxDeliveryCount
      deadLetteringOnMessageExpiration: true
      defaultMessageTimeToLive: messageTimeToLive
      lockDuration: lockDuration
      requiresDuplicateDetection: false
      requiresSession: false
      enablePartitioning: false
    }
  }
]

resource dataSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(namespace.id, appPrincipalId, roleDefinitionIds.azureServiceBusDataSender)
  scope: namespace
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleDefinitionIds.azureServiceBusDataSender)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource dataReceiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(namespace.id, appPrincipalId, roleDefinitionIds.azureServiceBusDataReceiver)
  scope: namespace
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleDefinitionIds.azureServiceBusDataReceiver)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// The scale controller reads queue runtime properties (message counts) to scale a Flex app
// from zero; Sender and Receiver do not allow that, so Microsoft's Flex Service Bus sample
// grants Data Owner as well.
resource dataOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(namespace.id, appPrincipalId, roleDefinitionIds.azureServiceBusDataOwner)
  scope: namespace
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleDefinitionIds.azureServiceBusDataOwner)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output id string = namespace.id
output name string = namespace.name
// Public Azure only: the SDK and the trigger both want the bare host name.
output fullyQualifiedNamespace string = '${namespace.name}.servicebus.windows.net'
