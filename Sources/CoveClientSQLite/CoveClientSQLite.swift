// The SDK's local store on SQLite (issue 4): placeholder until the client work lands.
import CoveClient
