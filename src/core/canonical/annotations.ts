/** OData annotations and actions: they travel with exports and say nothing about the object (canonical form's rule 2 and 3). */
export function isAnnotationKey(key: string): boolean {
  return key.includes('@odata.') || key.startsWith('#')
}
