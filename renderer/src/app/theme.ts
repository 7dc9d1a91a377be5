import type { ThemeConfig } from 'antd'

/** A calm, dense look for people who keep books all day; Chinese fonts of Windows first. */
export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#1d5fbf',
    colorInfo: '#1d5fbf',
    borderRadius: 4,
    fontSize: 14,
    fontFamily:
      "'Microsoft YaHei UI', 'Microsoft YaHei', 'PingFang SC', 'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'Segoe UI', system-ui, sans-serif",
  },
  components: {
    Layout: { siderBg: '#0f2747', headerBg: '#ffffff', bodyBg: '#f0f2f5' },
    Menu: {
      darkItemBg: '#0f2747',
      darkSubMenuItemBg: '#0b1f3a',
      darkItemSelectedBg: '#1d5fbf',
    },
    Table: { headerBg: '#f5f7fa', cellPaddingBlockMD: 10 },
  },
}
