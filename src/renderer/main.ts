import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { pickClient, useClient } from './client';
import { useAppStore } from './stores/app';
import './styles.css';

const pinia = createPinia();
const app = createApp(App).use(pinia);
const store = useAppStore(pinia);
const client = pickClient({ api: window.api, location: window.location }, (status) => {
  store.connection = status;
});
useClient(client.api, window.api?.pathForFile);
app.mount('#app');
