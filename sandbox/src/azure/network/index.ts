// Microsoft.Network resource types.
export {};
