// Every Element Plus component the UI uses, imported from its own module.
// Importing from the package root would bundle the whole library: its root module installs every
// component as a side effect, which defeats tree-shaking (about 840 kB instead of a fraction).
// Styles come once from element-plus/dist/index.css in main.ts.

export { ElAlert } from 'element-plus/es/components/alert/index.mjs'
export { ElBadge } from 'element-plus/es/components/badge/index.mjs'
export { ElButton } from 'element-plus/es/components/button/index.mjs'
export { ElCard } from 'element-plus/es/components/card/index.mjs'
export { ElCascader } from 'element-plus/es/components/cascader/index.mjs'
export { ElCheckbox, ElCheckboxGroup } from 'element-plus/es/components/checkbox/index.mjs'
export { ElCol } from 'element-plus/es/components/col/index.mjs'
export { ElConfigProvider } from 'element-plus/es/components/config-provider/index.mjs'
export {
  ElAside,
  ElContainer,
  ElHeader,
  ElMain,
} from 'element-plus/es/components/container/index.mjs'
export { ElDatePicker } from 'element-plus/es/components/date-picker/index.mjs'
export {
  ElDescriptions,
  ElDescriptionsItem,
} from 'element-plus/es/components/descriptions/index.mjs'
export { ElDialog } from 'element-plus/es/components/dialog/index.mjs'
export { ElDivider } from 'element-plus/es/components/divider/index.mjs'
export { ElDrawer } from 'element-plus/es/components/drawer/index.mjs'
export {
  ElDropdown,
  ElDropdownItem,
  ElDropdownMenu,
} from 'element-plus/es/components/dropdown/index.mjs'
export { ElEmpty } from 'element-plus/es/components/empty/index.mjs'
export { ElForm, ElFormItem } from 'element-plus/es/components/form/index.mjs'
export { ElIcon } from 'element-plus/es/components/icon/index.mjs'
export { ElInput } from 'element-plus/es/components/input/index.mjs'
export { ElInputNumber } from 'element-plus/es/components/input-number/index.mjs'
export { ElInputTag } from 'element-plus/es/components/input-tag/index.mjs'
export { vLoading } from 'element-plus/es/components/loading/index.mjs'
export { ElMenu, ElMenuItem, ElSubMenu } from 'element-plus/es/components/menu/index.mjs'
export { ElMessage } from 'element-plus/es/components/message/index.mjs'
export { ElMessageBox } from 'element-plus/es/components/message-box/index.mjs'
export { ElPopover } from 'element-plus/es/components/popover/index.mjs'
export { ElProgress } from 'element-plus/es/components/progress/index.mjs'
export { ElRadio, ElRadioButton, ElRadioGroup } from 'element-plus/es/components/radio/index.mjs'
export { ElResult } from 'element-plus/es/components/result/index.mjs'
export { ElRow } from 'element-plus/es/components/row/index.mjs'
export { ElOption, ElSelect } from 'element-plus/es/components/select/index.mjs'
export { ElSkeleton } from 'element-plus/es/components/skeleton/index.mjs'
export { ElSwitch } from 'element-plus/es/components/switch/index.mjs'
export { ElTable, ElTableColumn } from 'element-plus/es/components/table/index.mjs'
export { ElTabPane, ElTabs } from 'element-plus/es/components/tabs/index.mjs'
export { ElTag } from 'element-plus/es/components/tag/index.mjs'
export { ElTimeline, ElTimelineItem } from 'element-plus/es/components/timeline/index.mjs'
export { ElTooltip } from 'element-plus/es/components/tooltip/index.mjs'
export { ElUpload } from 'element-plus/es/components/upload/index.mjs'
export { ElRate } from 'element-plus/es/components/rate/index.mjs'
export { ElStep, ElSteps } from 'element-plus/es/components/steps/index.mjs'
export type { FormInstance, FormRules, UploadFile } from 'element-plus'
