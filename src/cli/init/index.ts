export { scaffoldProject, type ScaffoldOptions, type ScaffoldResult } from './scaffold-project';
export { projectPackageName, functionNameOf } from './project-name';
export { ScaffoldDevDependencies, ScaffoldRuntimeDependencies, TemplateFiles, SCAFFOLD_HANDLER_MODULE, SCAFFOLD_ENV_FILE } from './constants';
