-- One row per bronze row, renamed and cast to warehouse-neutral types; no filtering, no dedup.
-- The hive partition columns (date, hour) are left out: they repeat played_at, and their
-- names are keywords that each warehouse quotes differently.

with

source as (
    select * from {{ source('bronze', 'listens') }}
),

renamed as (
    select
        cast(event_id as {{ dbt.type_string() }}) as event_id,
        cast(schema_version as {{ dbt.type_int() }}) as schema_version,
        cast(event_type as {{ dbt.type_string() }}) as event_type,
        cast(user_id as {{ dbt.type_string() }}) as user_id,
        cast(session_id as {{ dbt.type_string() }}) as session_id,
        cast(track_id as {{ dbt.type_string() }}) as track_id,
        cast(track_name as {{ dbt.type_string() }}) as track_name,
        cast(artist_id as {{ dbt.type_string() }}) as artist_id,
        cast(artist_name as {{ dbt.type_string() }}) as artist_name,
        cast(album_id as {{ dbt.type_string() }}) as album_id,
        cast(album_name as {{ dbt.type_string() }}) as album_name,
        cast(isrc as {{ dbt.type_string() }}) as isrc,
        cast(explicit as {{ dbt.type_boolean() }}) as is_explicit,
        cast(duration_ms as {{ dbt.type_bigint() }}) as duration_ms,
        cast(ms_played as {{ dbt.type_bigint() }}) as ms_played,
        cast(device_type as {{ dbt.type_string() }}) as device_type,
        cast(platform as {{ dbt.type_string() }}) as platform,
        cast(country as {{ dbt.type_string() }}) as country,
        cast(subscription as {{ dbt.type_string() }}) as subscription,
        cast(context_type as {{ dbt.type_string() }}) as context_type,
        cast(context_uri as {{ dbt.type_string() }}) as context_uri,
        cast(shuffle as {{ dbt.type_boolean() }}) as is_shuffle,
        cast(reason_start as {{ dbt.type_string() }}) as reason_start,
        cast(reason_end as {{ dbt.type_string() }}) as reason_end,
        cast(source as {{ dbt.type_string() }}) as source,
        cast(played_at as {{ dbt.type_timestamp() }}) as played_at,
        cast(kafka_topic as {{ dbt.type_string() }}) as kafka_topic,
        cast(kafka_partition as {{ dbt.type_int() }}) as kafka_partition,
        cast(kafka_offset as {{ dbt.type_bigint() }}) as kafka_offset,
        cast(ingested_at as {{ dbt.type_timestamp() }}) as ingested_at
    from source
),

final as (
    select * from renamed
)

select * from final
