{#- Why a stg_listens row breaks the listen-event contract, or null when it is valid.
    Used by listen_events (keeps the nulls) and listen_events_rejected (keeps the rest),
    so the two always partition bronze between them. -#}
{% macro listen_event_rejection_reason() -%}
    case
        when event_id is null then 'missing event_id'
        when {{ dbt.length('event_id') }} <> 32 then 'malformed event_id'
        when user_id is null then 'missing user_id'
        when track_id is null then 'missing track_id'
        when played_at is null then 'missing played_at'
        when ingested_at is null then 'missing ingested_at'
        when played_at < cast('{{ var("listen_event_earliest_played_at") }}' as {{ dbt.type_timestamp() }})
            or played_at > {{ dbt.dateadd('hour', var('listen_event_max_hours_ahead'), 'ingested_at') }}
            then 'played_at out of range'
        when schema_version is null
            or schema_version not in ({{ var('listen_event_schema_versions') | join(', ') }})
            then 'unknown schema_version'
        when event_type is null
            or event_type not in ({{ playlog_quoted_list(var('event_types')) }})
            then 'unknown event_type'
        when device_type is null
            or device_type not in ({{ playlog_quoted_list(var('device_types')) }})
            then 'unknown device_type'
        when subscription is null
            or subscription not in ({{ playlog_quoted_list(var('subscriptions')) }})
            then 'unknown subscription'
        when source is null
            or source not in ({{ playlog_quoted_list(var('event_sources')) }})
            then 'unknown source'
        when context_type is not null
            and context_type not in ({{ playlog_quoted_list(var('context_types')) }})
            then 'unknown context_type'
        when ms_played is null or ms_played < 0 then 'invalid ms_played'
        when duration_ms < 0 then 'invalid duration_ms'
    end
{%- endmacro %}
