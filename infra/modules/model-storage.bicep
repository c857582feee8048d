// Storage for published models: a private `models` container reached only with Entra ID (no shared keys),
// readable by the function app's identity and writable by the identity that publishes models.

@description('Azure region for the storage account.')
param location string

@description('Tags applied to every resource in this module.')
param tags object

@description('Name of the storage account (3-24 lowercase letters and digits, globally unique).')
@minLength(3)
@maxLength(24)
param storageAccountName string

@description('Name of the blob container that holds the models.')
param containerName string

@description('Principal id of the function app identity; it gets Storage Blob Data Reader.')
param readerPrincipalId string

@description('Principal id of the engineer or CI identity that publishes models; it gets Storage Blob Data Contributor. Empty: no assignment.')
param publisherPrincipalId string = ''

@description('Type of the publisher principal.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param publisherPrincipalType string = 'User'

var storageBlobDataReaderRoleId = '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'
var storageBlobDataContributorRoleId = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'

resource storageAccount 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storageAccount
  name: 'default'
}

resource modelsContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: containerName
  properties: {
    publicAccess: 'None'
  }
}

resource readerAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount.id, readerPrincipalId, storageBlobDataReaderRoleId)
  scope: storageAccount
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataReaderRoleId)
    principalId: readerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource publisherAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(publisherPrincipalId)) {
  name: guid(storageAccount.id, publisherPrincipalId, storageBlobDataContributorRoleId)
  scope: storageAccount
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributorRoleId)
    principalId: publisherPrincipalId
    principalType: publisherPrincipalType
  }
}

@description('Name of the storage account.')
output storageAccountName string = storageAccount.name

@description('Blob endpoint of the storage account, without a trailing slash (https://<account>.blob.core.windows.net).')
output blobEndpoint string = take(storageAccount.properties.primaryEndpoints.blob, length(storageAccount.properties.primaryEndpoints.blob) - 1)

@description('Name of the models container.')
output containerName string = modelsContainer.name
