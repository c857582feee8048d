// Optional Bing Search v7 account for the `gather` command's Bing provider.
//
// Microsoft retired the Bing Search APIs on 2025-08-11 and Azure no longer creates new
// Microsoft.Bing/accounts resources, so main.bicep deploys this only when deployBingSearch is true
// (for subscriptions that still hold a grandfathered account). That retirement is why `gather` has
// other image providers. The resource type has no type information in Bicep, hence warning BCP081.

@description('Name of the Bing Search account.')
param name string

@description('Tags applied to the account.')
param tags object

@description('Pricing tier of the Bing Search account.')
param skuName string = 'S1'

resource bingSearch 'Microsoft.Bing/accounts@2020-06-10' = {
  name: name
  location: 'global'
  tags: tags
  kind: 'Bing.Search.v7'
  sku: {
    name: skuName
  }
}

@description('Resource id of the Bing Search account; read its key with az, never through outputs.')
output id string = bingSearch.id
