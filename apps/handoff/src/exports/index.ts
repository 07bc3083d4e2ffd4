export { exportWorkflow, type ExportFile, type ExportWorkflowInput } from './export-workflow';
export { TaskMasterFile } from './taskmaster';
